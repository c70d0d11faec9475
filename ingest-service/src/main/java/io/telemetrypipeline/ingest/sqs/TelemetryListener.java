package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.BatchVisibility;
import io.awspring.cloud.sqs.listener.QueueAttributes;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import io.micrometer.core.instrument.Timer;
import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.publish.Delivery;
import io.telemetrypipeline.ingest.publish.TelemetryPublisher;
import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.stereotype.Component;

/**
 * Receives batches from the ingest queue and acknowledges (deletes) each SQS message only
 * after Kafka acknowledged its record, either as an event or as a rejection.
 * Asynchronous: the listener returns at once and the batch completes when Kafka answered,
 * so many batches are in flight per instance without a thread parked on Kafka or on SQS.
 * A message Kafka did not acknowledge is left on the queue, so SQS redelivers it after
 * the visibility timeout. On a FIFO queue (name ending in {@code .fifo}, message group =
 * device id) only the acknowledged prefix of a batch is deleted, so a device's readings
 * are never published out of order. Each batch ends within its deadline (the publish
 * timeout) and keeps its messages invisible until then plus a margin, extending their
 * visibility when it needs to ({@link VisibilityExtension}).
 */
@Slf4j
@Component
class TelemetryListener {

	static final String LISTENER_ID = "telemetry-ingest";

	private final TelemetryPublisher publisher;

	private final QueueMetrics metrics;

	private final boolean fifo;

	private final Duration visibilityTimeout;

	private final Duration invisibleFor;

	TelemetryListener(TelemetryPublisher publisher, QueueMetrics metrics, IngestProperties properties) {
		this.publisher = publisher;
		this.metrics = metrics;
		this.fifo = properties.fifoQueue();
		this.visibilityTimeout = properties.listener().visibilityTimeout();
		this.invisibleFor = properties.publishTimeout().plus(properties.listener().visibilityMargin());
	}

	@SqsListener(value = IngestProperties.QUEUE_PLACEHOLDER, id = LISTENER_ID)
	CompletableFuture<Void> onMessages(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement,
			BatchVisibility visibility) {
		Timer.Sample batch = this.metrics.batchStarted();
		Optional<VisibilityExtension> extension = extension(messages);
		this.metrics.received(messages.size());
		CompletableFuture<List<Delivery<Message<String>>>> published = this.publisher.publish(messages,
				this::toInbound);
		extension.ifPresent((planned) -> extendWhileInFlight(planned, messages.size(), visibility, published));
		return published.thenCompose((deliveries) -> {
			this.metrics.batchEnded(batch);
			List<Message<String>> done = toDelete(deliveries, this.fifo);
			return done.isEmpty() ? CompletableFuture.completedFuture(null) : acknowledgement.acknowledgeAsync(done);
		});
	}

	/**
	 * The visibility extension a batch needs, if the visibility timeout in effect is
	 * known: the listener's own, or else the queue's as the container read it.
	 * @param messages the batch
	 * @return the extension, or empty when none is needed or the timeout is unknown
	 */
	private Optional<VisibilityExtension> extension(List<Message<String>> messages) {
		Instant now = Instant.now();
		if (messages.isEmpty()) {
			return Optional.empty();
		}
		MessageHeaders first = messages.get(0).getHeaders();
		Duration timeout = (this.visibilityTimeout != null) ? this.visibilityTimeout : queueVisibilityTimeout(first);
		if (timeout == null) {
			return Optional.empty();
		}
		Instant receivedAt = messages.stream()
			.map((message) -> message.getHeaders().get(SqsHeaders.SQS_RECEIVED_AT_HEADER, Instant.class))
			.filter((instant) -> instant != null)
			.min(Instant::compareTo)
			.orElse(now);
		return VisibilityExtension.plan(receivedAt, timeout, this.invisibleFor, now);
	}

	private static Duration queueVisibilityTimeout(MessageHeaders headers) {
		QueueAttributes queue = headers.get(SqsHeaders.SQS_QUEUE_ATTRIBUTES_HEADER, QueueAttributes.class);
		String seconds = (queue != null) ? queue.getQueueAttribute(QueueAttributeName.VISIBILITY_TIMEOUT) : null;
		return (seconds != null) ? Duration.ofSeconds(Long.parseLong(seconds)) : null;
	}

	private void extendWhileInFlight(VisibilityExtension extension, int count, BatchVisibility visibility,
			CompletableFuture<?> published) {
		CompletableFuture.delayedExecutor(extension.delay().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
			if (published.isDone()) {
				return;
			}
			log.info("Batch of {} messages still in flight: extending their visibility timeout to {} s", count,
					extension.seconds());
			visibility.changeToAsync(extension.seconds()).whenComplete((ignored, failure) -> {
				if (failure != null) {
					log.warn("Extending the visibility of a batch of {} messages failed; SQS may redeliver them "
							+ "while in flight", count, failure);
				}
				else {
					this.metrics.visibilityExtended(count);
				}
			});
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
