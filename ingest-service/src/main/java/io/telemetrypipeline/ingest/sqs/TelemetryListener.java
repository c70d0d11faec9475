package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.publish.Delivery;
import io.telemetrypipeline.ingest.publish.TelemetryPublisher;
import lombok.extern.slf4j.Slf4j;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Receives batches from the ingest queue and acknowledges (deletes) each SQS message only
 * after Kafka acknowledged its record, either as an event or as a rejection.
 * Asynchronous: the listener returns at once and the batch completes when Kafka answered,
 * so many batches are in flight per instance without a thread parked on Kafka or on SQS.
 * A message Kafka did not acknowledge is left on the queue, so SQS redelivers it after
 * the visibility timeout. On a FIFO queue (name ending in {@code .fifo}, message group =
 * device id) only the acknowledged prefix of a batch is deleted, so a device's readings
 * are never published out of order.
 */
@Slf4j
@Component
class TelemetryListener {

	static final String LISTENER_ID = "telemetry-ingest";

	private final TelemetryPublisher publisher;

	private final QueueMetrics metrics;

	private final boolean fifo;

	TelemetryListener(TelemetryPublisher publisher, QueueMetrics metrics, IngestProperties properties) {
		this.publisher = publisher;
		this.metrics = metrics;
		this.fifo = properties.fifoQueue();
	}

	@SqsListener(value = IngestProperties.QUEUE_PLACEHOLDER, id = LISTENER_ID)
	CompletableFuture<Void> onMessages(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
		this.metrics.received(messages.size());
		return this.publisher.publish(messages, this::toInbound).thenCompose((deliveries) -> {
			List<Message<String>> done = toDelete(deliveries, this.fifo);
			return done.isEmpty() ? CompletableFuture.completedFuture(null) : acknowledgement.acknowledgeAsync(done);
		});
	}

	/**
	 * The messages that may be deleted: every acknowledged one on a standard queue; on a
	 * FIFO queue, where a batch is one device's readings in order, only the acknowledged
	 * prefix, so nothing overtakes a message that is redelivered.
	 * @param <M> the message type
	 * @param deliveries the batch's outcomes, in receive order
	 * @param fifo whether the queue is a FIFO queue
	 * @return the messages to delete, in receive order
	 */
	static <M> List<M> toDelete(List<Delivery<M>> deliveries, boolean fifo) {
		List<M> done = new ArrayList<>(deliveries.size());
		for (Delivery<M> delivery : deliveries) {
			if (delivery.acknowledged()) {
				done.add(delivery.message());
			}
			else if (fifo) {
				break;
			}
		}
		return done;
	}

	private InboundMessage toInbound(Message<String> message) {
		ReceivedSqsMessage source = ReceivedSqsMessage.of(message.getHeaders());
		Instant receivedAt = source.receivedAt();
		this.metrics.waited(Duration.between(receivedAt, Instant.now()));
		String receiveCount = source.receiveCount();
		if (receiveCount != null && !"1".equals(receiveCount)) {
			log.info("Redelivery {} of SQS message {}", receiveCount, source.messageId());
			this.metrics.redelivered();
		}
		return new InboundMessage(source.body(), source.messageId(), receivedAt);
	}

}
