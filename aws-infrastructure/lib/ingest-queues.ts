import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PipelineNames } from './names';
import { QueueType } from './settings';

/**
 * Receives after which SQS moves a message to the dead-letter queue: the value the local servers use
 * (deploy/elasticmq/elasticmq.conf, InfrastructureSettings), so a poison message is retried as often everywhere.
 */
export const MAX_RECEIVE_COUNT = 10;

/**
 * How long a received message stays invisible: above ingest-service's batch deadline
 * (telemetry.ingest.publish-timeout, 20 s) plus its visibility margin (5 s), so SQS never hands a message out
 * again while its batch is still in flight.
 */
export const VISIBILITY_TIMEOUT = Duration.seconds(30);

/**
 * The pipeline's queues: the ingest queue ingest-service reads, its dead-letter queue, and the queue the IoT
 * rule's error action writes to. Every queue is encrypted at rest (SSE-SQS) and refuses requests without TLS.
 */
export class IngestQueues extends Construct {
  /** The queue the IoT rule (or, for FIFO, the forwarder) writes to and ingest-service reads. */
  readonly ingestQueue: sqs.Queue;

  /** Where SQS moves an ingest message after {@link MAX_RECEIVE_COUNT} receives. */
  readonly deadLetterQueue: sqs.Queue;

  /** Where the IoT rule's error action writes what it could not forward, with the reason. */
  readonly ruleErrorQueue: sqs.Queue;

  constructor(scope: Construct, id: string, queueType: QueueType) {
    super(scope, id);
    const fifo = queueType === 'fifo';
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: fifo ? PipelineNames.ingestFifoDeadLetterQueue : PipelineNames.ingestDeadLetterQueue,
      fifo: fifo ? true : undefined,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // the longest SQS keeps a message: time to look at a poison message and redrive it
      retentionPeriod: Duration.days(14),
    });
    this.ingestQueue = new sqs.Queue(this, 'IngestQueue', {
      queueName: fifo ? PipelineNames.ingestFifoQueue : PipelineNames.ingestQueue,
      fifo: fifo ? true : undefined,
      // The forwarder sends no deduplication id: SQS takes the SHA-256 of the body, which holds the rule's
      // receivedAt (timestamp(), in milliseconds), so a retried StartExecution or a re-run send of an Express
      // execution (at least once) is dropped within the 5-minute window, and two distinct readings never are.
      contentBasedDeduplication: fifo ? true : undefined,
      // High-throughput FIFO: the send limit applies per message group (device), not to the whole queue, since the
      // forwarder sends one message per call; deduplication is then per group too, which is all it needs.
      deduplicationScope: fifo ? sqs.DeduplicationScope.MESSAGE_GROUP : undefined,
      fifoThroughputLimit: fifo ? sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID : undefined,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: VISIBILITY_TIMEOUT,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.ruleErrorQueue = new sqs.Queue(this, 'RuleErrorQueue', {
      queueName: PipelineNames.ruleErrorQueue,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.ruleErrorQueue.node.defaultChild!).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'The rule error queue is itself the dead end of the IoT rule: it holds what the rule could not forward, ' +
        'with the reason, for an operator to inspect and replay; nothing consumes it automatically, so no ' +
        'message is ever received often enough to need a dead-letter queue of its own.',
    });
  }
}
