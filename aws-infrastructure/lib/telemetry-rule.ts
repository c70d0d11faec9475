import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import { Construct } from 'constructs';
import { FifoForwarder } from './fifo-forwarder';
import { IngestQueues } from './ingest-queues';
import { PipelineNames, ResourceNames } from './names';
import { QueueType } from './settings';

/**
 * The rule's query: the device's payload with the identity AWS IoT authenticated (the client id, which the device
 * policy binds to the thing name) and the topic added, and when the rule received it (epoch milliseconds).
 */
export const RULE_SQL =
  'SELECT *, clientid() AS clientId, topic() AS topic, timestamp() AS receivedAt ' +
  `FROM '${PipelineNames.deviceTelemetryTopicFilter}'`;

/**
 * The IoT topic rule that takes every device reading to the ingest queue: with the SQS action to a standard queue,
 * or, since that action supports no FIFO queue, by starting the FIFO forwarder. Its error action writes what it could
 * not forward to the rule error queue. Its role may do exactly that and nothing else, and only this rule of this
 * account may assume it.
 */
export class TelemetryRule extends Construct {
  readonly rule: iot.CfnTopicRule;

  /** The FIFO forwarder, in the FIFO variant. */
  readonly forwarder?: FifoForwarder;

  constructor(scope: Construct, id: string, props: { queues: IngestQueues; queueType: QueueType }) {
    super(scope, id);
    const stack = Stack.of(this);
    const { ingestQueue, ruleErrorQueue } = props.queues;
    const ruleArn = stack.formatArn({
      service: 'iot',
      resource: 'rule',
      resourceName: ResourceNames.topicRule,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const role = new iam.Role(this, 'Role', {
      description: 'The IoT rule telemetry_ingest: forwards device readings to the ingest queue',
      assumedBy: new iam.ServicePrincipal('iot.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': ruleArn },
        },
      }),
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [ruleErrorQueue.queueArn] }));
    let action: iot.CfnTopicRule.ActionProperty;
    if (props.queueType === 'fifo') {
      this.forwarder = new FifoForwarder(this, 'FifoForwarder', { ingestQueue, ruleErrorQueue });
      const stateMachine = this.forwarder.stateMachine;
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachine.stateMachineArn] }),
      );
      action = {
        stepFunctions: {
          stateMachineName: stateMachine.stateMachineName,
          executionNamePrefix: 'reading',
          roleArn: role.roleArn,
        },
      };
    } else {
      role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [ingestQueue.queueArn] }));
      action = { sqs: { queueUrl: ingestQueue.queueUrl, useBase64: false, roleArn: role.roleArn } };
    }
    this.rule = new iot.CfnTopicRule(this, 'Resource', {
      ruleName: ResourceNames.topicRule,
      topicRulePayload: {
        description: 'Device readings to the ingest queue, with the identity AWS IoT authenticated',
        sql: RULE_SQL,
        awsIotSqlVersion: '2016-03-23',
        ruleDisabled: false,
        actions: [action],
        errorAction: { sqs: { queueUrl: ruleErrorQueue.queueUrl, useBase64: false, roleArn: role.roleArn } },
      },
    });
    // the rule forwards nothing before its role may send
    this.rule.node.addDependency(role);
  }
}
