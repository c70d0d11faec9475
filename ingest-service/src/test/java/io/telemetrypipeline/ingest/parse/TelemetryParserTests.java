package io.telemetrypipeline.ingest.parse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import io.telemetrypipeline.model.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TelemetryParserTests {

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private static final Instant SENT = Instant.parse("2026-11-24T12:00:01Z");

	private final TelemetryParser parser = parserWith(IdentityPolicy.payload());

	private ParseResult parse(String body) {
		return this.parser.parse(new InboundMessage(body, "sqs-1", SENT));
	}

	private static TelemetryParser parserWith(IdentityPolicy identity) {
		return new TelemetryParser(ValidationLimits.defaults(), identity, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void acceptsAFullReadingAndMapsEveryField() {
		ParseResult result = parse("""
				{"deviceId":"sensor-42","messageId":"m-1","timestamp":"2026-11-24T10:15:30.250Z",
				 "readings":{"temperature":21.5,"humidity":40},"tags":{"site":"plant-1"},
				 "topic":"devices/sensor-42/telemetry","clientId":"sensor-42-client","firmware":"1.2.3"}
				""");

		assertThat(result).isInstanceOfSatisfying(ParseResult.Accepted.class, (accepted) -> {
			TelemetryEvent event = accepted.event();
			assertThat(event.schemaVersion()).isEqualTo(1);
			assertThat(event.eventId()).isEqualTo("sensor-42/m-1");
			assertThat(event.deviceId()).isEqualTo("sensor-42");
			assertThat(event.measuredAt()).isEqualTo(Instant.parse("2026-11-24T10:15:30.250Z"));
			assertThat(event.readings()).containsExactly(Map.entry("temperature", 21.5), Map.entry("humidity", 40.0));
			assertThat(event.tags()).containsExactly(Map.entry("site", "plant-1"));
			assertThat(event.origin())
				.isEqualTo(new TelemetryEvent.Origin("sqs-1", SENT, "devices/sensor-42/telemetry", "sensor-42-client"));
		});
	}

	static Stream<Arguments> acceptedInputs() {
		String minimal = "{\"deviceId\":\"d1\",\"timestamp\":1764000000000,\"readings\":{\"t\":1}}";
		return Stream.of(
				Arguments.argumentSet("epoch millis, no messageId: id from the SQS message", minimal, "d1/sqs:sqs-1",
						Instant.ofEpochMilli(1764000000000L)),
				Arguments.argumentSet("base64 body (IoT rule useBase64)", base64(minimal), "d1/sqs:sqs-1",
						Instant.ofEpochMilli(1764000000000L)),
				Arguments.argumentSet("base64 body wrapped over lines", base64(minimal).replaceAll("(.{20})", "$1\n"),
						"d1/sqs:sqs-1", Instant.ofEpochMilli(1764000000000L)),
				Arguments.argumentSet("ISO-8601 with an offset",
						"{\"deviceId\":\"d1\",\"timestamp\":\"2026-11-24T11:15:30+01:00\",\"readings\":{\"t\":1}}",
						"d1/sqs:sqs-1", Instant.parse("2026-11-24T10:15:30Z")),
				Arguments.argumentSet("numeric messageId",
						"{\"deviceId\":\"d1\",\"messageId\":17,\"timestamp\":1764000000000,\"readings\":{\"t\":1}}",
						"d1/17", Instant.ofEpochMilli(1764000000000L)),
				Arguments.argumentSet("device id from the rule's clientid()",
						"{\"clientId\":\"thing:7\",\"timestamp\":1764000000000,\"readings\":{\"t\":-3.5e2}}",
						"thing:7/sqs:sqs-1", Instant.ofEpochMilli(1764000000000L)),
				Arguments.argumentSet("surrounding whitespace", "  \n" + minimal + "\n", "d1/sqs:sqs-1",
						Instant.ofEpochMilli(1764000000000L)));
	}

	@ParameterizedTest
	@MethodSource("acceptedInputs")
	void acceptsValidInput(String body, String expectedEventId, Instant expectedMeasuredAt) {
		assertThat(parse(body)).isInstanceOfSatisfying(ParseResult.Accepted.class, (accepted) -> {
			assertThat(accepted.event().eventId()).isEqualTo(expectedEventId);
			assertThat(accepted.event().measuredAt()).isEqualTo(expectedMeasuredAt);
		});
	}

	static Stream<Arguments> rejectedInputs() {
		String ts = "\"timestamp\":1764000000000";
		return Stream.of(Arguments.argumentSet("empty body", "", RejectionReason.MALFORMED_JSON, "empty"),
				Arguments.argumentSet("bad JSON", "{\"deviceId\":\"d1\",", RejectionReason.MALFORMED_JSON,
						"not well-formed"),
				Arguments.argumentSet("trailing garbage", "{\"deviceId\":\"d1\"} x", RejectionReason.MALFORMED_JSON,
						"not well-formed"),
				Arguments.argumentSet("duplicate key", "{\"deviceId\":\"d1\",\"deviceId\":\"d2\"}",
						RejectionReason.MALFORMED_JSON, "Duplicate"),
				Arguments.argumentSet("NaN literal", "{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":NaN}}",
						RejectionReason.MALFORMED_JSON, "not well-formed"),
				Arguments.argumentSet("JSON array", "[1,2]", RejectionReason.NOT_AN_OBJECT, "array"),
				Arguments.argumentSet("bad base64", "not json at all!", RejectionReason.INVALID_BASE64, "base64"),
				Arguments.argumentSet("base64 of non-JSON", base64("hello"), RejectionReason.MALFORMED_JSON,
						"not well-formed"),
				Arguments.argumentSet("truncated base64", "eyJkZXZpY2VJZCI6ImQxIn0=x", RejectionReason.INVALID_BASE64,
						"base64"),
				Arguments.argumentSet("oversized", "{\"deviceId\":\"" + "a".repeat(300_000) + "\"}",
						RejectionReason.PAYLOAD_TOO_LARGE, "limit is 262144"),
				Arguments.argumentSet("missing deviceId", "{" + ts + ",\"readings\":{\"t\":1}}",
						RejectionReason.MISSING_FIELD, "deviceId"),
				Arguments.argumentSet("null deviceId", "{\"deviceId\":null," + ts + ",\"readings\":{\"t\":1}}",
						RejectionReason.MISSING_FIELD, "deviceId"),
				Arguments.argumentSet("numeric deviceId", "{\"deviceId\":42," + ts + ",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_DEVICE_ID, "string"),
				Arguments.argumentSet("deviceId with a slash",
						"{\"deviceId\":\"a/b\"," + ts + ",\"readings\":{\"t\":1}}", RejectionReason.INVALID_DEVICE_ID,
						"letters"),
				Arguments.argumentSet("deviceId too long",
						"{\"deviceId\":\"" + "d".repeat(129) + "\"," + ts + ",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_DEVICE_ID, "128"),
				Arguments.argumentSet("missing timestamp", "{\"deviceId\":\"d1\",\"readings\":{\"t\":1}}",
						RejectionReason.MISSING_FIELD, "timestamp"),
				Arguments.argumentSet("timestamp without offset",
						"{\"deviceId\":\"d1\",\"timestamp\":\"2026-11-24T10:15:30\",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_TIMESTAMP, "offset"),
				Arguments.argumentSet("timestamp as boolean",
						"{\"deviceId\":\"d1\",\"timestamp\":true,\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_TIMESTAMP, "boolean"),
				Arguments.argumentSet("fractional epoch",
						"{\"deviceId\":\"d1\",\"timestamp\":1.5e12,\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_TIMESTAMP, "number"),
				Arguments.argumentSet("epoch seconds",
						"{\"deviceId\":\"d1\",\"timestamp\":1764000000,\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_TIMESTAMP, "epoch seconds"),
				Arguments.argumentSet("far future",
						"{\"deviceId\":\"d1\",\"timestamp\":\"2027-01-01T00:00:00Z\",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_TIMESTAMP, "future"),
				Arguments.argumentSet("missing readings", "{\"deviceId\":\"d1\"," + ts + "}",
						RejectionReason.MISSING_FIELD, "readings"),
				Arguments.argumentSet("empty readings", "{\"deviceId\":\"d1\"," + ts + ",\"readings\":{}}",
						RejectionReason.INVALID_READINGS, "non-empty"),
				Arguments.argumentSet("readings as array", "{\"deviceId\":\"d1\"," + ts + ",\"readings\":[1]}",
						RejectionReason.INVALID_READINGS, "array"),
				Arguments.argumentSet("string reading",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":\"21.5\"}}",
						RejectionReason.INVALID_READINGS, "string"),
				Arguments.argumentSet("boolean reading", "{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"on\":true}}",
						RejectionReason.INVALID_READINGS, "boolean"),
				Arguments.argumentSet("overflowing reading",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1e400}}", RejectionReason.INVALID_READINGS,
						"finite"),
				Arguments.argumentSet("too many readings",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":" + manyReadings(101) + "}",
						RejectionReason.INVALID_READINGS, "limit is 100"),
				Arguments.argumentSet("reading key starting with $",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"$gt\":1}}", RejectionReason.INVALID_FIELD_NAME,
						"starts with '$'"),
				Arguments.argumentSet("reading key containing .",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"pm2.5\":1}}",
						RejectionReason.INVALID_FIELD_NAME, "contains '.'"),
				Arguments.argumentSet("empty reading key", "{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"\":1}}",
						RejectionReason.INVALID_FIELD_NAME, "empty"),
				Arguments.argumentSet("tag key starting with $",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1},\"tags\":{\"$where\":\"x\"}}",
						RejectionReason.INVALID_FIELD_NAME, "starts with '$'"),
				Arguments.argumentSet("numeric tag value",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1},\"tags\":{\"site\":3}}",
						RejectionReason.INVALID_TAGS, "string"),
				Arguments.argumentSet("tags as string",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1},\"tags\":\"x\"}",
						RejectionReason.INVALID_TAGS, "object"),
				Arguments.argumentSet("messageId with a slash",
						"{\"deviceId\":\"d1\",\"messageId\":\"a/b\"," + ts + ",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_MESSAGE_ID, "letters"),
				Arguments.argumentSet("messageId as object",
						"{\"deviceId\":\"d1\",\"messageId\":{}," + ts + ",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_MESSAGE_ID, "object"),
				Arguments.argumentSet("tag value too long in code points",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1},\"tags\":{\"site\":\"" + "é".repeat(257)
								+ "\"}}",
						RejectionReason.INVALID_TAGS, "256 code points"),
				Arguments.argumentSet("tag value with a lone surrogate",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1},\"tags\":{\"site\":\"a\\ud800b\"}}",
						RejectionReason.INVALID_ENCODING, "lone UTF-16 surrogate (\\ud800) at index 1"),
				Arguments.argumentSet("tag value with a raw lone low surrogate",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1},\"tags\":{\"site\":\"\udc00\"}}",
						RejectionReason.INVALID_ENCODING, "lone UTF-16 surrogate"),
				Arguments.argumentSet("clientId with a lone surrogate",
						"{\"deviceId\":\"d1\",\"clientId\":\"x\\udbff\"," + ts + ",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_ENCODING, "clientId holds a lone UTF-16 surrogate"),
				Arguments.argumentSet("clientId too long",
						"{\"deviceId\":\"d1\",\"clientId\":\"" + "c".repeat(129) + "\"," + ts
								+ ",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_ORIGIN, "longer than 128 code points"),
				Arguments.argumentSet("topic too long",
						"{\"deviceId\":\"d1\",\"topic\":\"" + "t/".repeat(129) + "\"," + ts
								+ ",\"readings\":{\"t\":1}}",
						RejectionReason.INVALID_ORIGIN, "longer than 256 code points"),
				Arguments.argumentSet("base64 of invalid UTF-8",
						base64(new byte[] { '{', '"', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}' }),
						RejectionReason.INVALID_ENCODING, "not valid UTF-8: a malformed sequence at byte 6"),
				Arguments.argumentSet("base64 of a UTF-8 encoded surrogate",
						base64(new byte[] { '{', '"', 'd', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"',
								'}' }),
						RejectionReason.INVALID_ENCODING, "not valid UTF-8"),
				Arguments.argumentSet("nesting deeper than the limit",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1},\"x\":" + "[".repeat(16)
								+ "]".repeat(16) + "}",
						RejectionReason.JSON_LIMIT_EXCEEDED, "nesting depth (17)"),
				Arguments.argumentSet("number longer than the limit",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1" + "0".repeat(64) + "}}",
						RejectionReason.JSON_LIMIT_EXCEEDED, "Number value length"),
				Arguments.argumentSet("string longer than the limit in an ignored field",
						"{\"deviceId\":\"d1\"," + ts + ",\"readings\":{\"t\":1},\"note\":\"" + "n".repeat(8193) + "\"}",
						RejectionReason.JSON_LIMIT_EXCEEDED, "String value length"));
	}

	@ParameterizedTest
	@MethodSource("rejectedInputs")
	void rejectsInvalidInputWithAClearReason(String body, RejectionReason reason, String detailFragment) {
		assertThat(parse(body)).isInstanceOfSatisfying(ParseResult.Rejected.class, (rejected) -> {
			assertThat(rejected.reason()).isEqualTo(reason);
			assertThat(rejected.detail()).contains(detailFragment);
		});
	}

	@Test
	void acceptsStringsUpToTheirLimitsCountedInCodePoints() {
		String emoji = "\uD83C\uDF21".repeat(256);
		ParseResult result = parse("{\"deviceId\":\"d1\",\"clientId\":\"" + "c".repeat(128) + "\",\"topic\":\""
				+ "t".repeat(256) + "\",\"timestamp\":1764000000000,\"readings\":{\"t\":1" + "0".repeat(63)
				+ "},\"tags\":{\"icon\":\"" + emoji + "\"},\"x\":" + "[".repeat(15) + "]".repeat(15) + "}");

		assertThat(result).isInstanceOfSatisfying(ParseResult.Accepted.class, (accepted) -> {
			assertThat(accepted.event().tags()).containsEntry("icon", emoji);
			assertThat(accepted.event().origin().clientId()).hasSize(128);
			assertThat(accepted.event().origin().topic()).hasSize(256);
		});
	}

	@Test
	void rejectionCarriesTheDeviceIdWhenItCouldBeRead() {
		ParseResult result = parse("{\"deviceId\":\"d7\",\"timestamp\":\"yesterday\",\"readings\":{\"t\":1}}");

		assertThat(result).isEqualTo(new ParseResult.Rejected(RejectionReason.INVALID_TIMESTAMP,
				"timestamp 'yesterday' is not ISO-8601 with an offset (e.g. 2026-11-24T10:15:30Z or 2026-11-24T11:15:30+01:00)",
				"d7"));
	}

	static Stream<Arguments> identities() {
		IdentityPolicy payload = IdentityPolicy.payload();
		IdentityPolicy clientId = IdentityPolicy.clientId();
		IdentityPolicy topic = IdentityPolicy.topicSegment(2);
		return Stream.of(
				Arguments.argumentSet("payload: any clientId", payload, identified("d1", "other", "devices/other/t"),
						null),
				Arguments.argumentSet("payload: no clientId or topic", payload, identified("d1", null, null), null),
				Arguments.argumentSet("client-id: match", clientId, identified("d1", "d1", null), null),
				Arguments.argumentSet("client-id: device id taken from the clientId", clientId,
						"{\"clientId\":\"d1\",\"timestamp\":1764000000000,\"readings\":{\"t\":1}}", null),
				Arguments.argumentSet("client-id: mismatch", clientId,
						identified("victim", "attacker", "devices/victim/t"),
						"deviceId 'victim' is not the authenticated clientId 'attacker'"),
				Arguments.argumentSet("client-id: differs only in case", clientId, identified("d1", "D1", null),
						"is not the authenticated clientId 'D1'"),
				Arguments.argumentSet("client-id: missing", clientId, identified("d1", null, "devices/d1/t"),
						"clientId is missing"),
				Arguments.argumentSet("client-id: not a string", clientId,
						"{\"deviceId\":\"d1\",\"clientId\":7,\"timestamp\":1764000000000,\"readings\":{\"t\":1}}",
						"clientId is missing"),
				Arguments.argumentSet("topic-segment: match", topic, identified("d1", "other", "devices/d1/telemetry"),
						null),
				Arguments.argumentSet("topic-segment: another segment", IdentityPolicy.topicSegment(3),
						identified("d1", null, "fleet/7/d1/telemetry"), null),
				Arguments.argumentSet("topic-segment: mismatch", topic,
						identified("victim", "victim", "devices/attacker/telemetry"),
						"deviceId 'victim' is not the authenticated topic segment 2 'attacker'"),
				Arguments.argumentSet("topic-segment: topic too short", topic, identified("d1", null, "d1"),
						"topic 'd1' has no segment 2"),
				Arguments.argumentSet("topic-segment: missing", topic, identified("d1", "d1", null),
						"topic is missing"));
	}

	@ParameterizedTest
	@MethodSource("identities")
	void acceptsOnlyReadingsOfTheAuthenticatedDevice(IdentityPolicy identity, String body, String violation) {
		ParseResult result = parserWith(identity).parse(new InboundMessage(body, "sqs-1", SENT));

		if (violation == null) {
			assertThat(result).isInstanceOfSatisfying(ParseResult.Accepted.class,
					(accepted) -> assertThat(accepted.event().deviceId()).isEqualTo("d1"));
		}
		else {
			assertThat(result).isInstanceOfSatisfying(ParseResult.Rejected.class, (rejected) -> {
				assertThat(rejected.reason()).isEqualTo(RejectionReason.IDENTITY_MISMATCH);
				assertThat(rejected.detail()).contains(violation);
				assertThat(rejected.deviceId()).isNotNull();
			});
		}
	}

	@Test
	void checksTheIdentityBeforeTheRestOfTheReading() {
		ParseResult result = parserWith(IdentityPolicy.clientId()).parse(new InboundMessage(
				"{\"deviceId\":\"victim\",\"clientId\":\"attacker\",\"readings\":{}}", "sqs-1", SENT));

		assertThat(result).isEqualTo(new ParseResult.Rejected(RejectionReason.IDENTITY_MISMATCH,
				"deviceId 'victim' is not the authenticated clientId 'attacker'", "victim"));
	}

	@Test
	void refusesATopicSegmentBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> IdentityPolicy.topicSegment(0))
			.withMessageContaining("numbered from 1");
	}

	private static String identified(String deviceId, String clientId, String topic) {
		StringBuilder json = new StringBuilder("{\"deviceId\":\"").append(deviceId).append('"');
		if (clientId != null) {
			json.append(",\"clientId\":\"").append(clientId).append('"');
		}
		if (topic != null) {
			json.append(",\"topic\":\"").append(topic).append('"');
		}
		return json.append(",\"timestamp\":1764000000000,\"readings\":{\"t\":1}}").toString();
	}

	private static String base64(String text) {
		return base64(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static String manyReadings(int count) {
		StringBuilder json = new StringBuilder("{");
		for (int i = 0; i < count; i++) {
			json.append((i > 0) ? "," : "").append("\"r").append(i).append("\":").append(i);
		}
		return json.append('}').toString();
	}

}
