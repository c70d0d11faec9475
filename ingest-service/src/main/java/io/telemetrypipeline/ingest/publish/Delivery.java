package io.telemetrypipeline.ingest.publish;

/**
 * What became of one message of a batch: the message itself and whether Kafka
 * acknowledged its record. Each message carries its own outcome, so no caller has to line
 * results up by position.
 *
 * @param <M> the message type of the caller, e.g. an SQS message
 * @param message the message
 * @param outcome its outcome
 */
public record Delivery<M>(M message, Outcome outcome) {

	/**
	 * Whether the message may be deleted from the queue: Kafka acknowledged its record.
	 * @return {@code true} for a published or rejected message
	 */
	public boolean acknowledged() {
		return this.outcome != Outcome.NOT_ACKNOWLEDGED;
	}

	/** The outcome of one message. */
	public enum Outcome {

		/** A valid reading, acknowledged by Kafka on the events topic. */
		PUBLISHED,

		/** Invalid input, acknowledged by Kafka on the rejected topic with its reason. */
		REJECTED,

		/**
		 * Kafka did not acknowledge the record (failed, or not within the publish
		 * timeout): the message must stay on the queue and be redelivered.
		 */
		NOT_ACKNOWLEDGED

	}

}
