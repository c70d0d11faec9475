package io.telemetrypipeline.ingest.sqs;

import java.time.Instant;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.messaging.MessageHeaders;

/**
 * The SQS message behind a message of the listener, as the AWS SDK received it: its id,
 * its body and the system attributes SQS added.
 *
 * @param source the message the AWS SDK received
 */
record ReceivedSqsMessage(Message source) {

	static ReceivedSqsMessage of(MessageHeaders headers) {
		return new ReceivedSqsMessage(headers.get(SqsHeaders.SQS_SOURCE_DATA_HEADER, Message.class));
	}

	String messageId() {
		return this.source.messageId();
	}

	String body() {
		return this.source.body();
	}

	/**
	 * When SQS received the message.
	 * @return the time SQS received the message, or now when SQS did not say
	 */
	Instant receivedAt() {
		String sent = this.source.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
		return (sent != null) ? Instant.ofEpochMilli(Long.parseLong(sent)) : Instant.now();
	}

	/**
	 * How many times SQS delivered the message.
	 * @return the approximate receive count SQS reported, or {@code null} when it did not
	 */
	String receiveCount() {
		return this.source.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
	}

}
