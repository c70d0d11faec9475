import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DevicePolicy } from './device-policy';
import { IngestQueues } from './ingest-queues';
import { IngestServiceRole } from './ingest-service-role';
import { Settings } from './settings';
import { TelemetryRule } from './telemetry-rule';

/** The stack's name. */
export const STACK_NAME = 'TelemetryPipeline';

/**
 * The AWS side of the pipeline for one environment: the IoT rule and device policy, the ingest queue with its
 * dead-letter queue and the rule's error queue, and ingest-service's role. Its outputs are the values the production
 * Kubernetes overlay needs (docs/deployment.md).
 */
export class TelemetryPipelineStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { settings: Settings }) {
    super(scope, id, props);
    const { settings } = props;
    const queues = new IngestQueues(this, 'Queues', settings.queueType);
    const rule = new TelemetryRule(this, 'TelemetryRule', { queues, queueType: settings.queueType });
    const devicePolicy = new DevicePolicy(this, 'DevicePolicy');
    const ingestService = new IngestServiceRole(this, 'IngestService', {
      eksOidcIssuer: settings.eksOidcIssuer,
      ingestQueue: queues.ingestQueue,
    });

    new CfnOutput(this, 'IngestQueueUrl', {
      value: queues.ingestQueue.queueUrl,
      description: 'k8s/overlays/production: the ScaledObject ingest-service queueURL (KEDA)',
    });
    new CfnOutput(this, 'IngestQueueName', {
      value: queues.ingestQueue.queueName,
      description: 'ingest-service TELEMETRY_INGEST_QUEUE (k8s/base sets telemetry-ingest; set it for FIFO)',
    });
    new CfnOutput(this, 'IngestServiceRoleArn', {
      value: ingestService.role.roleArn,
      description: 'k8s/overlays/production: the ServiceAccount ingest-service annotation eks.amazonaws.com/role-arn',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: queues.deadLetterQueue.queueUrl,
      description: 'The ingest queue dead-letter queue: alarm on its depth, redrive from it',
    });
    new CfnOutput(this, 'RuleErrorQueueUrl', {
      value: queues.ruleErrorQueue.queueUrl,
      description: 'What the IoT rule could not forward, with the reason: alarm on its depth',
    });
    new CfnOutput(this, 'DevicePolicyName', {
      value: devicePolicy.policyName,
      description: 'The IoT policy to attach to every device certificate',
    });
    new CfnOutput(this, 'TopicRuleName', { value: rule.rule.ref, description: 'The IoT topic rule' });
    if (rule.forwarder) {
      new CfnOutput(this, 'FifoForwarderArn', {
        value: rule.forwarder.stateMachine.stateMachineArn,
        description: 'The Express state machine that forwards readings to the FIFO ingest queue',
      });
    }
  }
}
