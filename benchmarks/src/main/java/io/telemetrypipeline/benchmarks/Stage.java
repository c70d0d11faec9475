package io.telemetrypipeline.benchmarks;

/**
 * The stages of the benchmark, in the order of the results table.
 */
enum Stage {

	RAW_SQS_1("raw SQS, 1 thread", "receive(10) + delete-batch loop"),

	RAW_SQS_N("raw SQS, N threads", "receive(10) + delete-batch loops"),

	RAW_KAFKA("raw Kafka", "produce canonical events with ingest-service's producer settings"),

	RAW_MONGO_1("raw MongoDB, 1 thread", "insertMany(ordered=false), batches of 500"),

	RAW_MONGO_3("raw MongoDB, 3 threads", "insertMany(ordered=false), batches of 500"),

	INGEST("ingest-service alone", "pre-filled queue -> all on the events topic"),

	PERSISTENCE("persistence-service alone", "pre-filled topic -> all in MongoDB"),

	PERSISTENCE_WITHOUT_DEVICES("persistence-service alone, no device summaries",
			"as alone, telemetry.persistence.devices.enabled=false"),

	PEER_INSERT("connector peer, insert", "MongoDB Kafka sink 2.0.1, InsertOneDefaultStrategy, unordered"),

	PEER_UPSERT("connector peer, upsert", "MongoDB Kafka sink 2.0.1, default ReplaceOne upsert"),

	END_TO_END("end to end", "pre-filled queue -> all in MongoDB, both services"),

	PACED("end to end, paced", "open-loop load at a fraction of the end-to-end rate"),

	REMOTE_RAW_SQS_1("remote raw SQS, 1 thread", "as raw SQS, each call delayed"),

	REMOTE_RAW_SQS_N("remote raw SQS, N threads", "as raw SQS, each call delayed"),

	REMOTE_INGEST("remote ingest-service alone", "as ingest alone, each SQS call delayed");

	private final String label;

	private final String description;

	Stage(String label, String description) {
		this.label = label;
		this.description = description;
	}

	String label() {
		return this.label;
	}

	String description() {
		return this.description;
	}

}
