package io.telemetrypipeline.infrastructure.iot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.telemetrypipeline.infrastructure.iot.RuleMessage.UnselectablePayloadException;
import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IoT rule's actions: the selected message to the ingest queue, and what cannot be
 * forwarded to the error queue, in the form of AWS IoT's error action message
 * ({@code ruleName}, {@code topic}, {@code clientId}, {@code base64OriginalPayload},
 * {@code failures}). A message that neither queue accepted, because SQS is unreachable,
 * slow or throttling, is {@link Outcome#NOT_ACCEPTED}: the broker must not acknowledge
 * it. On a FIFO ingest queue the message group is the device's client id.
 */
@Slf4j
final class RuleActions {

	/** The rule's name, as its error messages name it. */
	static final String RULE_NAME = "telemetry_ingest";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SqsClient sqs;

	private final String queueName;

	private final String queueUrl;

	private final String errorQueueUrl;

	RuleActions(SqsClient sqs, String queue, String errorQueue) {
		this.sqs = sqs;
		this.queueName = queue;
		this.queueUrl = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
		this.errorQueueUrl = sqs.getQueueUrl((request) -> request.queueName(errorQueue)).queueUrl();
	}

	/**
	 * Applies the rule to one publish.
	 * @param payload what the device published
	 * @param clientId the client id its connection authenticated
	 * @param topic the topic it published to
	 * @param receivedAt when the broker received it
	 * @return where the message went
	 */
	Outcome apply(byte[] payload, String clientId, String topic, Instant receivedAt) {
		String body;
		try {
			body = RuleMessage.select(payload, clientId, topic, receivedAt);
		}
		catch (UnselectablePayloadException ex) {
			return toErrorQueue(payload, clientId, topic, ex.getMessage());
		}
		try {
			this.sqs.sendMessage(message(body, clientId));
			return Outcome.FORWARDED;
		}
		catch (SqsException ex) {
			if (permanent(ex)) {
				return toErrorQueue(payload, clientId, topic, ex.awsErrorDetails().errorMessage());
			}
			log.warn("Rule could not forward a message of {} to {}: {}", clientId, this.queueName, ex.getMessage());
			return Outcome.NOT_ACCEPTED;
		}
		catch (SdkException ex) {
			log.warn("Rule could not forward a message of {} to {}: {}", clientId, this.queueName, ex.getMessage());
			return Outcome.NOT_ACCEPTED;
		}
	}

	private SendMessageRequest message(String body, String clientId) {
		SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(this.queueUrl).messageBody(body);
		if (this.queueName.endsWith(".fifo")) {
			request.messageGroupId(clientId).messageDeduplicationId(sha256(body));
		}
		return request.build();
	}

	/**
	 * Whether SQS refused the message itself (too large, invalid characters), so that
	 * sending it again cannot succeed: a client error other than throttling.
	 * @param ex what SQS answered
	 * @return whether to give up on the message
	 */
	private static boolean permanent(SqsException ex) {
		return ex.statusCode() >= 400 && ex.statusCode() < 500 && !ex.isThrottlingException() && ex.statusCode() != 403;
	}

	private Outcome toErrorQueue(byte[] payload, String clientId, String topic, String reason) {
		Map<String, Object> error = Map.of("ruleName", RULE_NAME, "topic", topic, "clientId", clientId,
				"cloudwatchTraceId", UUID.randomUUID().toString(), "base64OriginalPayload",
				Base64.getEncoder().encodeToString(payload), "failures",
				List.of(Map.of("failedAction", "SqsAction", "failedResource", this.queueName, "errorMessage", reason)));
		try {
			this.sqs.sendMessage(
					(request) -> request.queueUrl(this.errorQueueUrl).messageBody(JSON.writeValueAsString(error)));
			log.warn("Rule sent a message of {} on {} to its error action: {}", clientId, topic, reason);
			return Outcome.ERROR_ACTION;
		}
		catch (SdkException ex) {
			log.warn("Rule could not send a message of {} to its error action: {}", clientId, ex.getMessage());
			return Outcome.NOT_ACCEPTED;
		}
	}

	private static String sha256(String body) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Where one publish went. */
	enum Outcome {

		/** The ingest queue accepted it. */
		FORWARDED,

		/** It could never be forwarded; the error queue accepted it with the reason. */
		ERROR_ACTION,

		/** Neither queue accepted it; the device must send it again. */
		NOT_ACCEPTED

	}

}
