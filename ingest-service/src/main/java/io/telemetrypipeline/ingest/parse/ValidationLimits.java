package io.telemetrypipeline.ingest.parse;

import java.time.Duration;
import java.time.Instant;

/**
 * The configurable bounds of input validation. Lengths of stored strings count Unicode
 * code points; the JSON limits are enforced while parsing, before anything is built from
 * the input.
 *
 * @param maxPayloadBytes largest accepted message body in bytes (as received, before
 * base64 decoding)
 * @param maxReadings most readings in one message
 * @param maxTags most tags in one message
 * @param maxTagValueLength longest tag value in code points
 * @param maxTopicLength longest {@code topic} in code points
 * @param maxClientIdLength longest {@code clientId} in code points
 * @param maxStringLength longest JSON string or property name anywhere in the body, in
 * characters, ignored fields included
 * @param maxNestingDepth deepest nesting of JSON objects and arrays, ignored fields
 * included
 * @param maxNumberLength longest JSON number literal in characters
 * @param earliestTimestamp measurement timestamps before this are rejected
 * @param maxClockSkew measurement timestamps further than this in the future are rejected
 */
public record ValidationLimits(int maxPayloadBytes, int maxReadings, int maxTags, int maxTagValueLength,
		int maxTopicLength, int maxClientIdLength, int maxStringLength, int maxNestingDepth, int maxNumberLength,
		Instant earliestTimestamp, Duration maxClockSkew) {

	/** 256 KiB, the classic SQS message size limit. */
	public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

	/** The earliest plausible measurement. */
	public static final Instant DEFAULT_EARLIEST_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");

	public static ValidationLimits defaults() {
		return new ValidationLimits(DEFAULT_MAX_PAYLOAD_BYTES, 100, 20, 256, 256, 128, 8192, 16, 64,
				DEFAULT_EARLIEST_TIMESTAMP, Duration.ofDays(1));
	}

}
