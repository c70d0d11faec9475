package io.telemetrypipeline.admin.replay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import io.telemetrypipeline.admin.setaside.SetAside;
import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.ingest.parse.ValidationLimits;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedReplayTests {

	static final Instant REJECTED_AT = Instant.parse("2026-11-24T10:15:31Z");

	static final String THREE_READINGS = "{\"deviceId\":\"d-1\",%s\"timestamp\":\"2026-11-24T10:15:30Z\","
			+ "\"readings\":{\"a\":1,\"b\":2,\"c\":3},\"clientId\":\"d-1\"}";

	final TelemetryEventCodec codec = new TelemetryEventCodec();

	@Test
	void publishesWhatTheParserNowAcceptsUnderTheEventIdIngestDerivesFromTheSqsMessageId() {
		String body = THREE_READINGS.formatted("");
		Outcome outcome = replay(100)
			.convert(rejected(body, "sqs-42", body.length(), RejectedReplay.sha256(bytes(body))));
		assertThat(outcome).isInstanceOfSatisfying(Outcome.Publish.class, (publish) -> {
			assertThat(publish.eventId()).isEqualTo("d-1/sqs:sqs-42");
			assertThat(publish.record().topic()).isEqualTo("telemetry.events");
			assertThat(publish.record().key()).isEqualTo("d-1");
			TelemetryEvent event = this.codec.decode(publish.record().value());
			assertThat(event.readings()).containsOnlyKeys("a", "b", "c");
			assertThat(event.origin().sqsMessageId()).isEqualTo("sqs-42");
			assertThat(event.origin().receivedAt()).isEqualTo(REJECTED_AT);
			assertThat(new String(publish.record().headers().lastHeader(ReplayHeaders.REPLAYED_FROM).value(),
					StandardCharsets.UTF_8))
				.isEqualTo("telemetry.rejected/1@7");
		});
	}

	@Test
	void keepsTheDevicesMessageIdAsTheEventId() {
		String body = THREE_READINGS.formatted("\"messageId\":\"m-9\",");
		assertThat(replay(100).convert(rejected(body, "sqs-42", body.length(), null))).isInstanceOfSatisfying(
				Outcome.Publish.class, (publish) -> assertThat(publish.eventId()).isEqualTo("d-1/m-9"));
	}

	@Test
	void reportsWhatTheParserStillRejectsWithItsReason() {
		String body = THREE_READINGS.formatted("");
		assertThat(replay(2).convert(rejected(body, "sqs-42", body.length(), null)))
			.isEqualTo(new Outcome.Skip("still-rejected: invalid-readings", "readings has 3 entries; the limit is 2"));
	}

	@Test
	void neverReplaysABodyCutAtTheRejectedBodyLimit() {
		String body = THREE_READINGS.formatted("");
		String cut = body.substring(0, 40);
		Outcome outcome = replay(100)
			.convert(rejected(cut, "sqs-42", body.length(), RejectedReplay.sha256(bytes(body))));
		assertThat(outcome).isInstanceOfSatisfying(Outcome.Skip.class, (skip) -> {
			assertThat(skip.category()).isEqualTo("truncated");
			assertThat(skip.detail()).contains(body.length() + " bytes").contains("first 40");
		});
	}

	@Test
	void neverReplaysABodyWhoseHashDiffers() {
		String body = THREE_READINGS.formatted("");
		assertThat(replay(100).convert(rejected(body, "sqs-42", body.length(), RejectedReplay.sha256(bytes("other")))))
			.extracting((outcome) -> ((Outcome.Skip) outcome).category())
			.isEqualTo("corrupt");
	}

	@Test
	void treatsABodyWithoutLengthHeaderThatReachesTheLimitAsPossiblyCut() {
		String body = THREE_READINGS.formatted("");
		RejectedReplay replay = new RejectedReplay(parser(100), "telemetry.rejected", "telemetry.events",
				body.length());
		assertThat(replay.convert(rejected(body, "sqs-42", -1, null)))
			.extracting((outcome) -> ((Outcome.Skip) outcome).category())
			.isEqualTo("truncated");
	}

	@Test
	void reportsABodyWithoutMessageIdOnARecordWithoutSqsMessageIdAsHavingNoEventId() {
		String body = THREE_READINGS.formatted("");
		assertThat(replay(100).convert(rejected(body, null, body.length(), null)))
			.extracting((outcome) -> ((Outcome.Skip) outcome).category())
			.isEqualTo("no-event-id");
	}

	private static RejectedReplay replay(int maxReadings) {
		return new RejectedReplay(parser(maxReadings), "telemetry.rejected", "telemetry.events", 65536);
	}

	private static TelemetryParser parser(int maxReadings) {
		ValidationLimits defaults = ValidationLimits.defaults();
		ValidationLimits limits = new ValidationLimits(defaults.maxPayloadBytes(), maxReadings, defaults.maxTags(),
				defaults.maxTagValueLength(), defaults.maxTopicLength(), defaults.maxClientIdLength(),
				defaults.maxStringLength(), defaults.maxNestingDepth(), defaults.maxNumberLength(),
				defaults.earliestTimestamp(), Duration.ofDays(3650));
		return new TelemetryParser(limits, IdentityPolicy.clientId(), Clock.systemUTC());
	}

	private static SetAside rejected(String value, String sqsMessageId, long length, String sha256) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(SetAside.REJECTION_REASON, bytes("invalid-readings"));
		if (sqsMessageId != null) {
			headers.add(RejectedReplay.SQS_MESSAGE_ID, bytes(sqsMessageId));
		}
		if (length >= 0) {
			headers.add(RejectedReplay.BODY_LENGTH, bytes(Long.toString(length)));
		}
		if (sha256 != null) {
			headers.add(RejectedReplay.BODY_SHA256, bytes(sha256));
		}
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("telemetry.rejected", 1, 7,
				REJECTED_AT.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0, "d-1", bytes(value), headers,
				Optional.empty());
		return SetAside.of(SetAside.Kind.REJECTED, record);
	}

	private static byte[] bytes(String text) {
		return Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8).length);
	}

}
