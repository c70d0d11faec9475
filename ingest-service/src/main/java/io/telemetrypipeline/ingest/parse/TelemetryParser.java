package io.telemetrypipeline.ingest.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.telemetrypipeline.model.EventIds;
import io.telemetrypipeline.model.FieldRules;
import io.telemetrypipeline.model.Instants;
import io.telemetrypipeline.model.TelemetryEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the body of an SQS message written by an AWS IoT Core rule into a canonical
 * {@link TelemetryEvent}, or into a {@link ParseResult.Rejected} with a precise reason.
 * <p>
 * Accepts the device's JSON object as is, or base64-encoded (the rule's
 * {@code useBase64}). The device id must match the identity AWS IoT authenticated, as the
 * {@link IdentityPolicy} requires. Never throws for bad input: every malformed message
 * yields a rejection, so a bad message can never stop a listener. Bounded: the JSON is
 * read under explicit {@link StreamReadConstraints} matched to the
 * {@link ValidationLimits} (document length, nesting depth, number, string and name
 * lengths), and every string an accepted event stores is well-formed Unicode of bounded
 * length. Thread-safe.
 */
public final class TelemetryParser {

	private final JsonMapper json;

	private final ValidationLimits limits;

	private final IdentityPolicy identity;

	private final Clock clock;

	public TelemetryParser(ValidationLimits limits, IdentityPolicy identity, Clock clock) {
		this.limits = limits;
		this.identity = identity;
		this.clock = clock;
		this.json = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(readConstraints(limits)).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

	/**
	 * The limits Jackson enforces while reading a body, so that no input can make the
	 * parser allocate or recurse beyond them.
	 * @param limits the validation limits
	 * @return the read constraints
	 */
	static StreamReadConstraints readConstraints(ValidationLimits limits) {
		return StreamReadConstraints.builder()
			.maxDocumentLength(limits.maxPayloadBytes())
			.maxNestingDepth(limits.maxNestingDepth())
			.maxNumberLength(limits.maxNumberLength())
			.maxStringLength(limits.maxStringLength())
			.maxNameLength(limits.maxStringLength())
			.build();
	}

	public ParseResult parse(InboundMessage message) {
		try {
			JsonNode root = readJson(message.body());
			return new ParseResult.Accepted(toEvent(root, message));
		}
		catch (InvalidInputException ex) {
			return new ParseResult.Rejected(ex.reason, ex.getMessage(), ex.deviceId);
		}
	}

	private JsonNode readJson(String body) {
		long size = utf8Length(body);
		if (size > this.limits.maxPayloadBytes()) {
			throw new InvalidInputException(RejectionReason.PAYLOAD_TOO_LARGE,
					"body is " + size + " bytes; the limit is " + this.limits.maxPayloadBytes());
		}
		String trimmed = body.strip();
		String json = (trimmed.startsWith("{") || trimmed.startsWith("[")) ? trimmed : decodeBase64(trimmed);
		try {
			return this.json.readTree(json);
		}
		catch (StreamConstraintsException ex) {
			throw new InvalidInputException(RejectionReason.JSON_LIMIT_EXCEEDED,
					"body exceeds a JSON limit: " + ex.getOriginalMessage());
		}
		catch (JacksonException ex) {
			throw new InvalidInputException(RejectionReason.MALFORMED_JSON,
					"body is not well-formed JSON: " + ex.getOriginalMessage());
		}
	}

	/**
	 * The UTF-8 length of a string, without encoding it.
	 * @param text the string
	 * @return its length in bytes once encoded as UTF-8 (a lone surrogate counts 1)
	 */
	static long utf8Length(String text) {
		long length = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += Character.isSurrogate(c) ? 1 : 3;
			}
		}
		return length;
	}

	private static String decodeBase64(String text) {
		if (text.isEmpty()) {
			throw new InvalidInputException(RejectionReason.MALFORMED_JSON, "body is empty");
		}
		byte[] decoded;
		try {
			decoded = Base64.getMimeDecoder().decode(requireBase64Alphabet(text));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException(RejectionReason.INVALID_BASE64,
					"body is neither a JSON object nor valid base64: " + ex.getMessage());
		}
		return decodeUtf8(decoded);
	}

	/**
	 * Decodes UTF-8 strictly: a malformed sequence is an error, never silently replaced.
	 * @param bytes the bytes
	 * @return the text
	 */
	private static String decodeUtf8(byte[] bytes) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate(bytes.length);
		CoderResult result = decoder.decode(in, out, true);
		if (result.isError()) {
			throw new InvalidInputException(RejectionReason.INVALID_ENCODING,
					"body is base64 of bytes that are not valid UTF-8: a malformed sequence at byte " + in.position());
		}
		decoder.flush(out);
		return out.flip().toString();
	}

	private static String requireBase64Alphabet(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
					|| c == '/' || c == '=' || Character.isWhitespace(c);
			if (!allowed) {
				throw new IllegalArgumentException("illegal character '" + c + "' at index " + i);
			}
		}
		return text;
	}

	private TelemetryEvent toEvent(JsonNode root, InboundMessage message) {
		if (!root.isObject()) {
			throw new InvalidInputException(RejectionReason.NOT_AN_OBJECT,
					"body must be a JSON object, was " + root.getNodeType().name().toLowerCase());
		}
		String deviceId = readDeviceId(root);
		String topic = optionalString(root, "topic");
		String clientId = optionalString(root, "clientId");
		try {
			String violation = this.identity.check(deviceId, clientId, topic);
			if (violation != null) {
				throw new InvalidInputException(RejectionReason.IDENTITY_MISMATCH, violation);
			}
			checkOrigin("clientId", clientId, this.limits.maxClientIdLength());
			checkOrigin("topic", topic, this.limits.maxTopicLength());
			String messageId = readMessageId(root);
			Instant measuredAt = readTimestamp(root);
			Map<String, Double> readings = readReadings(root);
			Map<String, String> tags = readTags(root);
			TelemetryEvent.Origin origin = new TelemetryEvent.Origin(message.sqsMessageId(), message.receivedAt(),
					topic, clientId);
			String eventId = EventIds.of(deviceId, messageId, message.sqsMessageId());
			return new TelemetryEvent(TelemetryEvent.SCHEMA_VERSION, eventId, deviceId, measuredAt, readings, tags,
					origin);
		}
		catch (InvalidInputException ex) {
			throw ex.withDeviceId(deviceId);
		}
	}

	private static String readDeviceId(JsonNode root) {
		JsonNode node = present(root, "deviceId") ? root.get("deviceId") : root.get("clientId");
		if (node == null || node.isNull()) {
			throw new InvalidInputException(RejectionReason.MISSING_FIELD,
					"deviceId is required (or a clientId added by the IoT rule)");
		}
		if (!node.isString()) {
			throw new InvalidInputException(RejectionReason.INVALID_DEVICE_ID,
					"deviceId must be a string, was " + typeOf(node));
		}
		String violation = FieldRules.checkDeviceId(node.stringValue());
		if (violation != null) {
			throw new InvalidInputException(RejectionReason.INVALID_DEVICE_ID, violation);
		}
		return node.stringValue();
	}

	private static String readMessageId(JsonNode root) {
		if (!present(root, "messageId")) {
			return null;
		}
		JsonNode node = root.get("messageId");
		String messageId;
		if (node.isString()) {
			messageId = node.stringValue();
		}
		else if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
			messageId = Long.toString(node.longValue());
		}
		else {
			throw new InvalidInputException(RejectionReason.INVALID_MESSAGE_ID,
					"messageId must be a string or a non-negative integer, was " + typeOf(node));
		}
		String violation = FieldRules.checkMessageId(messageId);
		if (violation != null) {
			throw new InvalidInputException(RejectionReason.INVALID_MESSAGE_ID, violation);
		}
		return messageId;
	}

	private Instant readTimestamp(JsonNode root) {
		if (!present(root, "timestamp")) {
			throw new InvalidInputException(RejectionReason.MISSING_FIELD, "timestamp is required");
		}
		JsonNode node = root.get("timestamp");
		Instant instant;
		if (node.isIntegralNumber() && node.canConvertToLong()) {
			instant = Instant.ofEpochMilli(node.longValue());
		}
		else if (node.isString()) {
			try {
				instant = Instants.parse(node.stringValue());
			}
			catch (DateTimeParseException ex) {
				throw new InvalidInputException(RejectionReason.INVALID_TIMESTAMP, "timestamp '"
						+ FieldRules.abbreviate(node.stringValue())
						+ "' is not ISO-8601 with an offset (e.g. 2026-11-24T10:15:30Z or 2026-11-24T11:15:30+01:00)");
			}
		}
		else {
			throw new InvalidInputException(RejectionReason.INVALID_TIMESTAMP,
					"timestamp must be an ISO-8601 string or integer epoch milliseconds, was " + typeOf(node));
		}
		return checkPlausible(instant);
	}

	private Instant checkPlausible(Instant instant) {
		if (instant.isBefore(this.limits.earliestTimestamp())) {
			throw new InvalidInputException(RejectionReason.INVALID_TIMESTAMP, "timestamp " + instant + " is before "
					+ this.limits.earliestTimestamp() + " (epoch seconds sent instead of milliseconds?)");
		}
		Instant latest = this.clock.instant().plus(this.limits.maxClockSkew());
		if (instant.isAfter(latest)) {
			throw new InvalidInputException(RejectionReason.INVALID_TIMESTAMP,
					"timestamp " + instant + " is more than " + this.limits.maxClockSkew() + " in the future");
		}
		return instant;
	}

	private Map<String, Double> readReadings(JsonNode root) {
		if (!present(root, "readings")) {
			throw new InvalidInputException(RejectionReason.MISSING_FIELD, "readings is required");
		}
		JsonNode node = root.get("readings");
		if (!node.isObject() || node.isEmpty()) {
			throw new InvalidInputException(RejectionReason.INVALID_READINGS,
					"readings must be a non-empty object of name to number, was " + typeOf(node));
		}
		if (node.size() > this.limits.maxReadings()) {
			throw new InvalidInputException(RejectionReason.INVALID_READINGS,
					"readings has " + node.size() + " entries; the limit is " + this.limits.maxReadings());
		}
		Map<String, Double> readings = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			checkFieldName("reading", entry.getKey());
			JsonNode value = entry.getValue();
			if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
				throw new InvalidInputException(RejectionReason.INVALID_READINGS,
						"reading '" + entry.getKey() + "' must be a finite number, was " + typeOf(value));
			}
			readings.put(entry.getKey(), value.doubleValue());
		}
		return readings;
	}

	private Map<String, String> readTags(JsonNode root) {
		if (!present(root, "tags")) {
			return Map.of();
		}
		JsonNode node = root.get("tags");
		if (!node.isObject()) {
			throw new InvalidInputException(RejectionReason.INVALID_TAGS,
					"tags must be an object of name to string, was " + typeOf(node));
		}
		if (node.size() > this.limits.maxTags()) {
			throw new InvalidInputException(RejectionReason.INVALID_TAGS,
					"tags has " + node.size() + " entries; the limit is " + this.limits.maxTags());
		}
		Map<String, String> tags = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			checkFieldName("tag", entry.getKey());
			JsonNode value = entry.getValue();
			if (!value.isString() || StoredText.codePoints(value.stringValue()) > this.limits.maxTagValueLength()) {
				throw new InvalidInputException(RejectionReason.INVALID_TAGS, "tag '" + entry.getKey()
						+ "' must be a string of at most " + this.limits.maxTagValueLength() + " code points");
			}
			requireWellFormed("tag '" + entry.getKey() + "'", value.stringValue());
			tags.put(entry.getKey(), value.stringValue());
		}
		return tags;
	}

	private static void checkOrigin(String field, String value, int maxLength) {
		if (value == null) {
			return;
		}
		if (StoredText.codePoints(value) > maxLength) {
			throw new InvalidInputException(RejectionReason.INVALID_ORIGIN,
					field + " '" + FieldRules.abbreviate(value) + "' is longer than " + maxLength + " code points");
		}
		requireWellFormed(field, value);
	}

	private static void requireWellFormed(String what, String value) {
		int index = StoredText.loneSurrogateAt(value);
		if (index >= 0) {
			throw new InvalidInputException(RejectionReason.INVALID_ENCODING,
					what + " holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(value.charAt(index))
							+ ") at index " + index + ", which is not valid Unicode");
		}
	}

	private static void checkFieldName(String kind, String name) {
		String violation = FieldRules.checkFieldName(kind, name);
		if (violation != null) {
			throw new InvalidInputException(RejectionReason.INVALID_FIELD_NAME, violation);
		}
	}

	private static String optionalString(JsonNode root, String field) {
		JsonNode node = root.get(field);
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

	private static boolean present(JsonNode root, String field) {
		JsonNode node = root.get(field);
		return node != null && !node.isNull();
	}

	private static String typeOf(JsonNode node) {
		return node.getNodeType().name().toLowerCase();
	}

	private static final class InvalidInputException extends RuntimeException {

		private final RejectionReason reason;

		private final String deviceId;

		InvalidInputException(RejectionReason reason, String message) {
			this(reason, message, null);
		}

		private InvalidInputException(RejectionReason reason, String message, String deviceId) {
			super(message, null, false, false);
			this.reason = reason;
			this.deviceId = deviceId;
		}

		InvalidInputException withDeviceId(String deviceId) {
			return new InvalidInputException(this.reason, getMessage(), deviceId);
		}

	}

}
