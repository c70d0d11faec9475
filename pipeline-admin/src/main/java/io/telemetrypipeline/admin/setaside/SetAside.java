package io.telemetrypipeline.admin.setaside;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record the pipeline put aside, as a command sees it: where it is, when it was put
 * aside (the record's timestamp), the device (the record's key), why, and the record
 * itself.
 *
 * @param kind the topic's kind
 * @param timestamp the record's timestamp
 * @param device the record's key, the device id when one could be read, or {@code null}
 * @param reason why it was put aside, e.g. {@code write-rejected} or
 * {@code invalid-readings}
 * @param detail what exactly was wrong, or {@code null}
 * @param record the record
 */
public record SetAside(Kind kind, Instant timestamp, String device, String reason, String detail,
		ConsumerRecord<String, byte[]> record) {

	/** The header in which persistence's dead-letter publisher names the failure. */
	public static final String DLT_EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";

	/** The header with the failure's message. */
	public static final String DLT_EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

	/** The header with ingest-service's rejection reason. */
	public static final String REJECTION_REASON = "telemetry-rejection-reason";

	/** The header with ingest-service's rejection detail. */
	public static final String REJECTION_DETAIL = "telemetry-rejection-detail";

	/**
	 * What a record of a topic of this kind says.
	 * @param kind the topic's kind
	 * @param record the record
	 * @return the record, read
	 */
	public static SetAside of(Kind kind, ConsumerRecord<String, byte[]> record) {
		Instant timestamp = Instant.ofEpochMilli(record.timestamp());
		return switch (kind) {
			case DEAD_LETTERS ->
				new SetAside(kind, timestamp, record.key(), deadLetterReason(header(record, DLT_EXCEPTION_FQCN)),
						header(record, DLT_EXCEPTION_MESSAGE), record);
			case REJECTED -> new SetAside(kind, timestamp, record.key(),
					orElse(header(record, REJECTION_REASON), "unknown"), header(record, REJECTION_DETAIL), record);
		};
	}

	/**
	 * The reason persistence-service counts a dead letter under (the {@code reason} of
	 * {@code telemetry_persistence_records_dead_lettered_total}), from the failure it
	 * names: {@code invalid-event} for a record that is no valid event,
	 * {@code write-rejected} for one MongoDB refused for good; otherwise the failure's
	 * simple class name.
	 * @param exceptionClass the {@code kafka_dlt-exception-fqcn} header
	 * @return the reason
	 */
	static String deadLetterReason(String exceptionClass) {
		if (exceptionClass == null) {
			return "unknown";
		}
		if (exceptionClass.endsWith("InvalidEventException")) {
			return "invalid-event";
		}
		if (exceptionClass.endsWith("UnstorableEventException")) {
			return "write-rejected";
		}
		return exceptionClass.substring(Math.max(exceptionClass.lastIndexOf('.'), exceptionClass.lastIndexOf('$')) + 1);
	}

	/**
	 * Where the record is, as {@code topic/partition@offset}.
	 * @return its position
	 */
	public String position() {
		return this.record.topic() + "/" + this.record.partition() + "@" + this.record.offset();
	}

	/**
	 * The last value of a header, as UTF-8 text.
	 * @param record the record
	 * @param name the header
	 * @return its value, or {@code null} when the record has none
	 */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String orElse(String value, String otherwise) {
		return (value != null) ? value : otherwise;
	}

	/** The kinds of topic where the pipeline puts records aside. */
	public enum Kind {

		/** {@code telemetry.events.dlt}: events persistence-service can never store. */
		DEAD_LETTERS,

		/** {@code telemetry.rejected}: input ingest-service rejected. */
		REJECTED

	}

}
