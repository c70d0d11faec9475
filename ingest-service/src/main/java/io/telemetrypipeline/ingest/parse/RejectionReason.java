package io.telemetrypipeline.ingest.parse;

/**
 * Why an input message was rejected. The {@link #code()} is stable: it is written to the
 * {@code telemetry-rejection-reason} header of {@code telemetry.rejected} and used as the
 * {@code reason} tag of the rejected-messages metric.
 */
public enum RejectionReason {

	/** The body is larger than the configured maximum. */
	PAYLOAD_TOO_LARGE("payload-too-large"),

	/** The body is neither a JSON object nor valid base64. */
	INVALID_BASE64("invalid-base64"),

	/**
	 * The body, after base64 decoding, is not valid UTF-8, or a string that would be
	 * stored holds a lone UTF-16 surrogate.
	 */
	INVALID_ENCODING("invalid-encoding"),

	/** The body (after base64 decoding) is not well-formed JSON. */
	MALFORMED_JSON("malformed-json"),

	/**
	 * The JSON nests too deeply, or holds a number, string or property name longer than
	 * the limits allow.
	 */
	JSON_LIMIT_EXCEEDED("json-limit-exceeded"),

	/** The JSON is not an object. */
	NOT_AN_OBJECT("not-an-object"),

	/** A required field is absent or null. */
	MISSING_FIELD("missing-field"),

	/** The device id has the wrong type, characters or length. */
	INVALID_DEVICE_ID("invalid-device-id"),

	/**
	 * The timestamp is not ISO-8601 with an offset, nor epoch millis, or is implausible.
	 */
	INVALID_TIMESTAMP("invalid-timestamp"),

	/** The readings are not a non-empty object of finite numbers within the limit. */
	INVALID_READINGS("invalid-readings"),

	/** A reading or tag name is unsafe for MongoDB or breaks the naming rules. */
	INVALID_FIELD_NAME("invalid-field-name"),

	/** The device-supplied message id has the wrong type, characters or length. */
	INVALID_MESSAGE_ID("invalid-message-id"),

	/** The tags are not an object of strings within the limits. */
	INVALID_TAGS("invalid-tags"),

	/**
	 * The device id is not the identity AWS IoT authenticated (the {@code clientId} or
	 * topic segment the IoT rule added), or that identity is missing.
	 */
	IDENTITY_MISMATCH("identity-mismatch"),

	/**
	 * The {@code clientId} or {@code topic} the IoT rule added is longer than allowed.
	 */
	INVALID_ORIGIN("invalid-origin"),

	/**
	 * Kafka refused the message's record as larger than it accepts: the message is kept
	 * on the rejected topic, its body truncated, instead of blocking its batch.
	 */
	RECORD_TOO_LARGE("record-too-large"),

	/**
	 * Kafka refused the message's record for good for another reason of that record alone
	 * (an invalid record, a serialization error): the message is kept on the rejected
	 * topic instead of blocking its batch.
	 */
	RECORD_REFUSED("record-refused");

	private final String code;

	RejectionReason(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
