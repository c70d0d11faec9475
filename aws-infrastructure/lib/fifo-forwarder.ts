import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ResourceNames } from './names';

/** Retries of a send that SQS refused or throttled: 1, 2, 4, 8 and 16 s apart (jittered), about 30 s in all. */
const SEND_RETRY: sfn.RetryProps = {
  errors: [sfn.Errors.ALL],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 5,
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * Forwards each reading from the IoT rule to the FIFO ingest queue with message group id = the device's client id.
 * The IoT rule's SQS action supports no FIFO queue, so the rule starts this Express state machine instead, whose one
 * task is the SQS SendMessage service integration: no code of our own. The body is the rule's output as JSON, exactly
 * what the SQS action would have written (useBase64 false). No deduplication id is sent: the FIFO queue deduplicates
 * on the body's SHA-256 (content-based deduplication), see IngestQueues.
 *
 * A send that still fails after its retries goes to the rule's error queue, the reading with the error beside it
 * (`forwardingError`), so that no reading is lost silently: the rule's own error action does not see a failed Express
 * execution, since StartExecution already succeeded.
 */
export class FifoForwarder extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: { ingestQueue: sqs.IQueue; ruleErrorQueue: sqs.IQueue }) {
    super(scope, id);
    const stack = Stack.of(this);
    const stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: ResourceNames.fifoForwarder,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const role = new iam.Role(this, 'Role', {
      description: 'The FIFO forwarder state machine: sends readings to the FIFO ingest queue',
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': stateMachineArn },
        },
      }),
    });
    const forward = new tasks.SqsSendMessage(this, 'SendToIngestQueue', {
      queue: props.ingestQueue,
      messageBody: sfn.TaskInput.fromText(sfn.JsonPath.jsonToString(sfn.JsonPath.entirePayload)),
      messageGroupId: sfn.JsonPath.stringAt('$.clientId'),
      resultPath: sfn.JsonPath.DISCARD,
    });
    forward.addRetry(SEND_RETRY);
    const report = new tasks.SqsSendMessage(this, 'SendToRuleErrorQueue', {
      queue: props.ruleErrorQueue,
      messageBody: sfn.TaskInput.fromText(sfn.JsonPath.jsonToString(sfn.JsonPath.entirePayload)),
      resultPath: sfn.JsonPath.DISCARD,
    });
    report.addRetry(SEND_RETRY);
    forward.addCatch(report, { errors: [sfn.Errors.ALL], resultPath: '$.forwardingError' });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: ResourceNames.fifoForwarder,
      stateMachineType: sfn.StateMachineType.EXPRESS,
      definitionBody: sfn.DefinitionBody.fromChainable(forward),
      timeout: Duration.minutes(2),
      role,
    });
    Validations.of(this.stateMachine.node.defaultChild!).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SF1',
      reason:
        'Logging to CloudWatch Logs needs the log-delivery actions (logs:CreateLogDelivery, logs:GetLogDelivery, ' +
        'logs:UpdateLogDelivery, logs:DeleteLogDelivery, logs:ListLogDeliveries, logs:PutResourcePolicy, ' +
        'logs:DescribeResourcePolicies, logs:DescribeLogGroups), which support no resource-level permission: the role ' +
        'would need Resource "*". A send that still fails after its retries goes to the rule error queue with its ' +
        'error instead, and the ExecutionsFailed metric counts what even that could not deliver.',
    });
    Validations.of(this.stateMachine.node.defaultChild!).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SF2',
      reason:
        'X-Ray tracing needs xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules and ' +
        'xray:GetSamplingTargets, which support no resource-level permission (Resource "*"); a forwarder of one ' +
        'task gains little from traces.',
    });
  }
}
