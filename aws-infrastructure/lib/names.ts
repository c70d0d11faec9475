/**
 * The names the pipeline's services and local servers use, as the AWS resources carry them. They mirror
 * `io.telemetrypipeline.model.PipelineNames`, ingest-service's defaults and k8s/base; the module's tests check
 * every one of them against those sources, so a rename there fails the build until it is made here too.
 */
export const PipelineNames = {
  /** The queue the IoT rule writes to and ingest-service reads (`PipelineNames.INGEST_QUEUE`). */
  ingestQueue: 'telemetry-ingest',
  /** Its dead-letter queue (`PipelineNames.INGEST_DEAD_LETTER_QUEUE`). */
  ingestDeadLetterQueue: 'telemetry-ingest-dlq',
  /** The FIFO variant of the ingest queue, message group = device (`PipelineNames.INGEST_FIFO_QUEUE`). */
  ingestFifoQueue: 'telemetry-ingest.fifo',
  /** Its dead-letter queue (`PipelineNames.INGEST_FIFO_DEAD_LETTER_QUEUE`). */
  ingestFifoDeadLetterQueue: 'telemetry-ingest-dlq.fifo',
  /** The queue of the IoT rule's error action (`PipelineNames.RULE_ERROR_QUEUE`). */
  ruleErrorQueue: 'telemetry-ingest-rule-errors',
  /** The MQTT topic filter of device readings (`PipelineNames.DEVICE_TELEMETRY_TOPIC_FILTER`). */
  deviceTelemetryTopicFilter: 'devices/+/telemetry',
} as const;

/** Where ingest-service runs in Kubernetes (k8s/base): its ServiceAccount, which assumes its IAM role. */
export const IngestServiceAccount = {
  namespace: 'telemetry',
  name: 'ingest-service',
} as const;

/** The names of the AWS resources of their own (not the queues) that the stack creates. */
export const ResourceNames = {
  /** The IoT topic rule (letters, digits and underscores only). */
  topicRule: 'telemetry_ingest',
  /** The IoT policy attached to every device certificate. */
  devicePolicy: 'telemetry-device',
  /** ingest-service's IAM role, the one its ServiceAccount names. */
  ingestServiceRole: 'telemetry-ingest-service',
  /** The Express state machine that forwards readings to the FIFO queue. */
  fifoForwarder: 'telemetry-ingest-fifo-forwarder',
} as const;
