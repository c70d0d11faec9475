package io.telemetrypipeline.model;

/**
 * The default names of the pipeline's queues and topics, in one place: the services'
 * settings default to them, and the local run and the tests provision them.
 */
public final class PipelineNames {

	/** The SQS queue the AWS IoT rule writes to and ingest-service reads. */
	public static final String INGEST_QUEUE = "telemetry-ingest";

	/** The SQS dead-letter queue of {@link #INGEST_QUEUE}. */
	public static final String INGEST_DEAD_LETTER_QUEUE = "telemetry-ingest-dlq";

	/**
	 * The FIFO variant of {@link #INGEST_QUEUE} (message group = device), which the local
	 * servers provision beside it.
	 */
	public static final String INGEST_FIFO_QUEUE = INGEST_QUEUE + ".fifo";

	/** The SQS dead-letter queue of {@link #INGEST_FIFO_QUEUE}. */
	public static final String INGEST_FIFO_DEAD_LETTER_QUEUE = INGEST_DEAD_LETTER_QUEUE + ".fifo";

	/**
	 * The SQS queue the IoT rule's error action writes to: the messages the rule could
	 * not forward to {@link #INGEST_QUEUE}, each with the reason (the local MQTT rule
	 * writes to a queue of the same name).
	 */
	public static final String RULE_ERROR_QUEUE = "telemetry-ingest-rule-errors";

	/** The MQTT topic filter of device readings, which the IoT rule selects from. */
	public static final String DEVICE_TELEMETRY_TOPIC_FILTER = "devices/+/telemetry";

	/** The Kafka topic of canonical events, written by ingest-service. */
	public static final String EVENTS_TOPIC = "telemetry.events";

	/** The Kafka topic of rejected input, written by ingest-service. */
	public static final String REJECTED_TOPIC = "telemetry.rejected";

	/**
	 * The Kafka topic of events that can never be stored, written by persistence-service.
	 */
	public static final String DEAD_LETTER_TOPIC = "telemetry.events.dlt";

	private PipelineNames() {
	}

}
