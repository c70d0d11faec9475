package io.telemetrypipeline.admin.replay;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a replay makes of one selected record: an event to publish, or a reason it is not
 * replayed.
 */
sealed interface Outcome {

	/**
	 * The record becomes this event record on {@code telemetry.events}.
	 *
	 * @param record the record to publish, keyed by device id
	 * @param eventId the event id persistence-service stores it under
	 */
	record Publish(ProducerRecord<String, byte[]> record, String eventId) implements Outcome {
	}

	/**
	 * The record is not replayed.
	 *
	 * @param category why, e.g. {@code truncated} or {@code still-rejected: invalid-tags}
	 * @param detail what exactly
	 */
	record Skip(String category, String detail) implements Outcome {
	}

}
