package io.telemetrypipeline.ingest.parse;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as SQS delivered it: the raw body an AWS IoT rule wrote, the SQS message id
 * and when SQS received it.
 *
 * @param body the message body: the device's JSON payload, possibly base64-encoded
 * @param sqsMessageId the SQS message id, stable across redeliveries
 * @param receivedAt the SQS {@code SentTimestamp}
 */
public record InboundMessage(String body, String sqsMessageId, Instant receivedAt) {

	public InboundMessage {
		Objects.requireNonNull(body, "body is required");
		Objects.requireNonNull(receivedAt, "receivedAt is required");
	}

}
