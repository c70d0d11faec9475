package io.telemetrypipeline.infrastructure;

/**
 * The servers of the pipeline, as {@link Faults} names them.
 */
public enum Server {

	/** The Kafka broker. */
	KAFKA,

	/** The SQS server. */
	SQS,

	/** The MongoDB server. */
	MONGODB

}
