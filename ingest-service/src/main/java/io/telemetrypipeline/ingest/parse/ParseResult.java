package io.telemetrypipeline.ingest.parse;

import io.telemetrypipeline.model.TelemetryEvent;

/**
 * The outcome of parsing one {@link InboundMessage}: either an accepted canonical event
 * or a rejection with its reason.
 */
public sealed interface ParseResult {

	/**
	 * The message is a valid reading.
	 *
	 * @param event the canonical event
	 */
	record Accepted(TelemetryEvent event) implements ParseResult {
	}

	/**
	 * The message can never become a valid reading.
	 *
	 * @param reason the stable reason
	 * @param detail a human-readable explanation naming the offending field
	 * @param deviceId the device id when it could be read, otherwise {@code null}
	 */
	record Rejected(RejectionReason reason, String detail, String deviceId) implements ParseResult {
	}

}
