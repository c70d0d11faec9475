package io.telemetrypipeline.admin.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import io.telemetrypipeline.admin.setaside.SetAside;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.parse.ParseResult;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.model.TelemetryEventCodec;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Rejected input through the current parser (ingest-service's, with the current limits
 * and identity policy), as ingest-service would parse it now: what it accepts becomes an
 * event on the events topic, keyed by device id, with the event id ingest derives
 * ({@code <deviceId>/<messageId>}, or {@code <deviceId>/sqs:<SQS message id>} from the
 * record's {@code telemetry-sqs-message-id} header), so a replay twice stores nothing
 * twice. What it still rejects is reported, not published again. A body cut at
 * {@code max-rejected-body-bytes} (its {@code telemetry-body-length} header larger than
 * the value) or whose SHA-256 differs from {@code telemetry-body-sha256} is never
 * replayed. The reading's {@code receivedAt} is the rejected record's timestamp, when
 * ingest rejected it: the SQS receive time is not kept.
 */
final class RejectedReplay implements ReplaySource {

	static final String SQS_MESSAGE_ID = "telemetry-sqs-message-id";

	static final String BODY_LENGTH = "telemetry-body-length";

	static final String BODY_SHA256 = "telemetry-body-sha256";

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	private final TelemetryParser parser;

	private final String rejectedTopic;

	private final String eventsTopic;

	private final int maxRejectedBodyBytes;

	RejectedReplay(TelemetryParser parser, String rejectedTopic, String eventsTopic, int maxRejectedBodyBytes) {
		this.parser = parser;
		this.rejectedTopic = rejectedTopic;
		this.eventsTopic = eventsTopic;
		this.maxRejectedBodyBytes = maxRejectedBodyBytes;
	}

	@Override
	public String topic() {
		return this.rejectedTopic;
	}

	@Override
	public SetAside.Kind kind() {
		return SetAside.Kind.REJECTED;
	}

	@Override
	public Outcome convert(SetAside record) {
		byte[] value = record.record().value();
		if (value == null) {
			return new Outcome.Skip("no-body", "the record has no value");
		}
		Outcome.Skip unusable = unusableBody(record, value);
		if (unusable != null) {
			return unusable;
		}
		String sqsMessageId = SetAside.header(record.record(), SQS_MESSAGE_ID);
		InboundMessage message = new InboundMessage(new String(value, StandardCharsets.UTF_8), sqsMessageId,
				Instant.ofEpochMilli(record.record().timestamp()));
		ParseResult result;
		try {
			result = this.parser.parse(message);
		}
		catch (IllegalArgumentException ex) {
			return new Outcome.Skip("no-event-id", "the body has no messageId and the record no " + SQS_MESSAGE_ID
					+ " header, so its event id cannot be derived as ingest-service derived it");
		}
		return switch (result) {
			case ParseResult.Accepted accepted ->
				new Outcome.Publish(
						new ProducerRecord<>(this.eventsTopic, null, accepted.event().deviceId(),
								this.codec.encode(accepted.event()), ReplayHeaders.of(record)),
						accepted.event().eventId());
			case ParseResult.Rejected rejected ->
				new Outcome.Skip("still-rejected: " + rejected.reason().code(), rejected.detail());
		};
	}

	/**
	 * Why a body cannot be replayed as it is on the topic.
	 * @param record the rejected record
	 * @param value its value
	 * @return why, or {@code null} when the value is the whole body
	 */
	private Outcome.Skip unusableBody(SetAside record, byte[] value) {
		String length = SetAside.header(record.record(), BODY_LENGTH);
		String sha256 = SetAside.header(record.record(), BODY_SHA256);
		if (length != null) {
			long full;
			try {
				full = Long.parseLong(length.strip());
			}
			catch (NumberFormatException ex) {
				return new Outcome.Skip("corrupt", BODY_LENGTH + " '" + length + "' is not a number");
			}
			if (full > value.length) {
				return new Outcome.Skip("truncated", "the body was " + full + " bytes and only its first "
						+ value.length + " are kept (max-rejected-body-bytes): not replayable");
			}
		}
		else if (value.length >= this.maxRejectedBodyBytes) {
			return new Outcome.Skip("truncated", "the record has no " + BODY_LENGTH + " header and its " + value.length
					+ " bytes reach max-rejected-body-bytes, so it may have been cut: not replayable");
		}
		if (sha256 != null && !sha256.strip().equalsIgnoreCase(sha256(value))) {
			return new Outcome.Skip("corrupt", "the body's SHA-256 is not " + BODY_SHA256 + " " + sha256);
		}
		return null;
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

}
