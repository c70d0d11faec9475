package io.telemetrypipeline.ingest.sqs;

import java.util.Map;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

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
		Message source = Message.builder()
			.messageId(messageId)
			.body(body)
			.attributes(Map.of(MessageSystemAttributeName.SENT_TIMESTAMP, "1764000000000",
					MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(receiveCount)))
			.build();
		return new GenericMessage<>(body, Map.of(SqsHeaders.SQS_SOURCE_DATA_HEADER, source));
	}

	static String messageId(MessageHeaders headers) {
		return headers.get(SqsHeaders.SQS_SOURCE_DATA_HEADER, Message.class).messageId();
	}

}
