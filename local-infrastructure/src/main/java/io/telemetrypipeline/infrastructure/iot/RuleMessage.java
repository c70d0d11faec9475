package io.telemetrypipeline.infrastructure.iot;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the IoT rule {@code SELECT *, clientid() AS clientId, topic() AS topic,
 * timestamp() AS receivedAt} makes of a device's payload: the payload's JSON object with
 * those three fields set from the connection, never from the payload (a payload's own
 * {@code clientId}, {@code topic} or {@code receivedAt} is replaced).
 */
final class RuleMessage {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private RuleMessage() {
	}

	/**
	 * Selects from a payload.
	 * @param payload what the device published
	 * @param clientId the client id the connection authenticated
	 * @param topic the topic it published to
	 * @param receivedAt when the broker received it
	 * @return the message body for SQS
	 * @throws UnselectablePayloadException if the payload is not one JSON object
	 */
	static String select(byte[] payload, String clientId, String topic, Instant receivedAt) {
		JsonNode root;
		try {
			root = JSON.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new UnselectablePayloadException("payload is not valid JSON: " + ex.getOriginalMessage());
		}
		if (!(root instanceof ObjectNode object)) {
			throw new UnselectablePayloadException("payload is not a JSON object");
		}
		object.put("clientId", clientId);
		object.put("topic", topic);
		object.put("receivedAt", receivedAt.toEpochMilli());
		return JSON.writeValueAsString(object);
	}

	/** A payload the rule's SQL cannot select from, which goes to the error action. */
	static final class UnselectablePayloadException extends RuntimeException {

		UnselectablePayloadException(String message) {
			super(message);
		}

	}

}
