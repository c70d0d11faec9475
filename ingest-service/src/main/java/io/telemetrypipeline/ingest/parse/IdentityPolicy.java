package io.telemetrypipeline.ingest.parse;

import java.util.Objects;

import io.telemetrypipeline.model.FieldRules;

/**
 * Which identity a reading's {@code deviceId} must match. AWS IoT Core authenticates the
 * device's connection (its X.509 certificate, bound to a thing), not its payload: the IoT
 * rule adds that authenticated identity as {@code clientId} ({@code clientid()}) and
 * {@code topic} ({@code topic()}), and the IoT policy allows a device to connect only
 * with its thing name as client id and to publish only to its own topic. Requiring the
 * payload's {@code deviceId} to equal one of them keeps a device from writing readings
 * under another device's id.
 *
 * @param source where the authenticated identity comes from
 * @param topicSegment for {@link Source#TOPIC_SEGMENT}, which segment of the topic holds
 * the device id, numbered from 1 as the IoT rule function {@code topic(n)} numbers them
 * (2 for {@code devices/{deviceId}/telemetry})
 */
public record IdentityPolicy(Source source, int topicSegment) {

	/**
	 * The device id sits in the second segment of {@code devices/{deviceId}/telemetry}.
	 */
	public static final int DEFAULT_TOPIC_SEGMENT = 2;

	public IdentityPolicy {
		Objects.requireNonNull(source, "source is required");
		if (topicSegment < 1) {
			throw new IllegalArgumentException("topicSegment is numbered from 1, was " + topicSegment);
		}
	}

	/**
	 * Trusts the payload's {@code deviceId}: for sources that authenticated nothing, e.g.
	 * a local run fed by hand.
	 * @return the policy
	 */
	public static IdentityPolicy payload() {
		return new IdentityPolicy(Source.PAYLOAD, DEFAULT_TOPIC_SEGMENT);
	}

	/**
	 * The {@code deviceId} must equal the {@code clientId} the IoT rule added.
	 * @return the policy
	 */
	public static IdentityPolicy clientId() {
		return new IdentityPolicy(Source.CLIENT_ID, DEFAULT_TOPIC_SEGMENT);
	}

	/**
	 * The {@code deviceId} must equal one segment of the {@code topic} the IoT rule
	 * added.
	 * @param segment the segment, numbered from 1
	 * @return the policy
	 */
	public static IdentityPolicy topicSegment(int segment) {
		return new IdentityPolicy(Source.TOPIC_SEGMENT, segment);
	}

	/**
	 * Checks a reading's device id against the identity the IoT rule added.
	 * @param deviceId the reading's device id
	 * @param clientId the {@code clientId} field, or {@code null} when absent
	 * @param topic the {@code topic} field, or {@code null} when absent
	 * @return {@code null} when the device id matches, otherwise what is wrong
	 */
	String check(String deviceId, String clientId, String topic) {
		return switch (this.source) {
			case PAYLOAD -> null;
			case CLIENT_ID -> compare(deviceId, clientId, "clientId",
					"clientId is missing: the IoT rule must add clientid() AS clientId");
			case TOPIC_SEGMENT -> compare(deviceId, segmentOf(topic), "topic segment " + this.topicSegment,
					(topic != null) ? "topic '" + FieldRules.abbreviate(topic) + "' has no segment " + this.topicSegment
							: "topic is missing: the IoT rule must add topic() AS topic");
		};
	}

	private static String compare(String deviceId, String identity, String identityName, String whenMissing) {
		if (identity == null) {
			return whenMissing;
		}
		if (!identity.equals(deviceId)) {
			return "deviceId '" + deviceId + "' is not the authenticated " + identityName + " '"
					+ FieldRules.abbreviate(identity) + "'";
		}
		return null;
	}

	private String segmentOf(String topic) {
		if (topic == null) {
			return null;
		}
		String[] segments = topic.split("/", -1);
		return (this.topicSegment <= segments.length) ? segments[this.topicSegment - 1] : null;
	}

	/** Where the authenticated identity comes from. */
	public enum Source {

		/** The payload's {@code deviceId}, unchecked. */
		PAYLOAD,

		/**
		 * The MQTT client id, added by the IoT rule as {@code clientid() AS clientId}.
		 */
		CLIENT_ID,

		/**
		 * A segment of the MQTT topic, added by the IoT rule as {@code topic() AS topic}.
		 */
		TOPIC_SEGMENT

	}

}
