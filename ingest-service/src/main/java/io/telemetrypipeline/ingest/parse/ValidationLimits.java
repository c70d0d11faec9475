package io.telemetrypipeline.ingest.parse;

import java.time.Duration;
import java.time.Instant;

/**
 * The configurable bounds of input validation.
 *
 * @param maxPayloadBytes largest accepted message body in bytes (as received, before
 * base64 decoding)
 * @param maxReadings most readings in one message
 * @param maxTags most tags in one message
 * @param maxTagValueLength longest tag value in characters
 * @param earliestTimestamp measurement timestamps before this are rejected
 * @param maxClockSkew measurement timestamps further than this in the future are rejected
 */
public record ValidationLimits(int maxPayloadBytes, int maxReadings, int maxTags, int maxTagValueLength,
		Instant earliestTimestamp, Duration maxClockSkew) {

	/** 256 KiB, the classic SQS message size limit. */
	public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

	public static ValidationLimits defaults() {
		return new ValidationLimits(DEFAULT_MAX_PAYLOAD_BYTES, 100, 20, 256, Instant.parse("2000-01-01T00:00:00Z"),
				Duration.ofDays(1));
	}

}
