package io.telemetrypipeline.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TelemetryEventCodecTests {

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	@Test
	void roundTripsAnEventWithEveryField() {
		TelemetryEvent event = new TelemetryEvent(1, "d1/m1", "d1", Instant.parse("2026-11-24T10:15:30.123Z"),
				Map.of("t", 21.5), Map.of("site", "plant-1"), new TelemetryEvent.Origin("sqs-1",
						Instant.parse("2026-11-24T10:15:31Z"), "devices/d1/telemetry", "d1"));

		assertThat(this.codec.decode(this.codec.encode(event))).isEqualTo(event);
	}

	@Test
	void writesInstantsAsIsoStringsAndOmitsAbsentOriginFields() {
		TelemetryEvent event = new TelemetryEvent(1, "d1/m1", "d1", Instant.parse("2026-11-24T10:15:30Z"),
				Map.of("t", 1.0), Map.of(),
				new TelemetryEvent.Origin("sqs-1", Instant.parse("2026-11-24T10:15:31Z"), null, null));

		String json = new String(this.codec.encode(event), StandardCharsets.UTF_8);

		assertThat(json).isEqualTo("{\"schemaVersion\":1,\"eventId\":\"d1/m1\",\"deviceId\":\"d1\","
				+ "\"measuredAt\":\"2026-11-24T10:15:30Z\",\"readings\":{\"t\":1.0},\"tags\":{},"
				+ "\"origin\":{\"sqsMessageId\":\"sqs-1\",\"receivedAt\":\"2026-11-24T10:15:31Z\"}}");
	}

	@Test
	void ignoresUnknownPropertiesOfTheSameSchemaVersion() {
		String json = "{\"schemaVersion\":1,\"eventId\":\"d1/m1\",\"deviceId\":\"d1\",\"measuredAt\":\"2026-11-24T10:15:30Z\","
				+ "\"readings\":{\"t\":1.0},\"origin\":{\"receivedAt\":\"2026-11-24T10:15:31Z\"},\"addedLater\":true}";

		TelemetryEvent event = this.codec.decode(json.getBytes(StandardCharsets.UTF_8));

		assertThat(event.eventId()).isEqualTo("d1/m1");
		assertThat(event.tags()).isEmpty();
	}

	static Stream<Arguments> invalidEvents() {
		String valid = "\"eventId\":\"d1/m1\",\"deviceId\":\"d1\",\"measuredAt\":\"2026-11-24T10:15:30Z\","
				+ "\"origin\":{\"receivedAt\":\"2026-11-24T10:15:31Z\"}";
		return Stream.of(Arguments.argumentSet("not JSON", "garbage", "not a valid telemetry event"),
				Arguments.argumentSet("future schema version",
						"{\"schemaVersion\":2," + valid + ",\"readings\":{\"t\":1}}", "unsupported schemaVersion 2"),
				Arguments.argumentSet("empty readings", "{\"schemaVersion\":1," + valid + ",\"readings\":{}}",
						"readings must not be empty"),
				Arguments.argumentSet("unsafe reading name",
						"{\"schemaVersion\":1," + valid + ",\"readings\":{\"$x\":1}}", "starts with '$'"),
				Arguments.argumentSet("missing device",
						"{\"schemaVersion\":1,\"eventId\":\"e\",\"measuredAt\":\"2026-11-24T10:15:30Z\","
								+ "\"readings\":{\"t\":1},\"origin\":{\"receivedAt\":\"2026-11-24T10:15:31Z\"}}",
						"deviceId is required"));
	}

	@ParameterizedTest
	@MethodSource("invalidEvents")
	void rejectsBytesThatAreNotAValidEvent(String json, String messageFragment) {
		assertThatExceptionOfType(TelemetryEventCodec.InvalidEventException.class)
			.isThrownBy(() -> this.codec.decode(json.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining(messageFragment);
	}

	@Test
	void rejectsATombstone() {
		assertThatExceptionOfType(TelemetryEventCodec.InvalidEventException.class)
			.isThrownBy(() -> this.codec.decode(null))
			.withMessageContaining("tombstone");
	}

}
