package io.telemetrypipeline.model;

/**
 * Derives the deterministic event id that makes storage idempotent.
 * <p>
 * With a device-supplied message id the id is {@code <deviceId>/<messageId>}: the same
 * reading sent twice by the device gets the same id, and two devices that both number
 * their messages from 1 never collide. Without one it is
 * {@code <deviceId>/sqs:<sqsMessageId>}: the same for every redelivery of that SQS
 * message. Neither part may contain '/', and message ids may not contain ':', so the two
 * forms can never produce the same id for different readings.
 */
public final class EventIds {

	private EventIds() {
	}

	public static String of(String deviceId, String messageId, String sqsMessageId) {
		if (messageId != null) {
			return deviceId + "/" + messageId;
		}
		if (sqsMessageId == null || sqsMessageId.isBlank()) {
			throw new IllegalArgumentException("an SQS message id is required when the device sends no messageId");
		}
		return deviceId + "/sqs:" + sqsMessageId;
	}

}
