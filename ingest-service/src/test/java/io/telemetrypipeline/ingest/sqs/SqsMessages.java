package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.awspring.cloud.sqs.listener.QueueAttributes;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.telemetrypipeline.model.PipelineNames;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * SQS messages as the listener container hands them to the listener: the body as payload
 * and, in the source data header, the SDK's message with the system attributes the
 * listener asks for.
 */
final class SqsMessages {

	private SqsMessages() {
	}

	static GenericMessage<String> received(String messageId, String body, int receiveCount) {
		return new GenericMessage<>(body,
				Map.of(SqsHeaders.SQS_SOURCE_DATA_HEADER, source(messageId, body, receiveCount)));
	}

	/**
	 * A message received now from a queue whose own visibility timeout the container
	 * read, as it does when the listener sets none.
	 * @param messageId the SQS message id
	 * @param body the body
	 * @param queueVisibilityTimeout the queue's visibility timeout
	 * @return the message
	 */
	static GenericMessage<String> receivedNow(String messageId, String body, Duration queueVisibilityTimeout) {
		QueueAttributes queue = new QueueAttributes(PipelineNames.INGEST_QUEUE, "http://localhost/telemetry-ingest",
				Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(queueVisibilityTimeout.toSeconds())));
		return new GenericMessage<>(body, Map.of(SqsHeaders.SQS_SOURCE_DATA_HEADER, source(messageId, body, 1),
				SqsHeaders.SQS_RECEIVED_AT_HEADER, Instant.now(), SqsHeaders.SQS_QUEUE_ATTRIBUTES_HEADER, queue));
	}

	private static Message source(String messageId, String body, int receiveCount) {
		return Message.builder()
			.messageId(messageId)
			.body(body)
			.attributes(Map.of(MessageSystemAttributeName.SENT_TIMESTAMP, "1764000000000",
					MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(receiveCount)))
			.build();
	}

	static String messageId(MessageHeaders headers) {
		return headers.get(SqsHeaders.SQS_SOURCE_DATA_HEADER, Message.class).messageId();
	}

}
