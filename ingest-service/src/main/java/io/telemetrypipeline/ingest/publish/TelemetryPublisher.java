package io.telemetrypipeline.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.model.InboundMessage;
import io.telemetrypipeline.model.ParseResult;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.model.TelemetryParser;
import io.telemetrypipeline.support.TopicsProperties;
import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Parses each message and publishes it to Kafka: a valid reading to the events topic
 * keyed by device id (so one device's readings share a partition and keep their order),
 * an invalid one to the rejected topic with the original body and the reason in headers.
 * Reports, per message, whether Kafka acknowledged its record; it never reports success
 * for a record Kafka has not acknowledged.
 */
@Slf4j
@Component
public class TelemetryPublisher {

	/** Header with the stable rejection reason code. */
	public static final String REASON_HEADER = "telemetry-rejection-reason";

	/** Header with the human-readable rejection detail. */
	public static final String DETAIL_HEADER = "telemetry-rejection-detail";

	/** Header with the id of the SQS message that carried the input. */
	public static final String SQS_MESSAGE_ID_HEADER = "telemetry-sqs-message-id";

	private final KafkaTemplate<String, byte[]> kafka;

	private final TelemetryParser parser;

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	private final TopicsProperties topics;

	private final IngestProperties properties;

	private final IngestMetrics metrics;

	TelemetryPublisher(KafkaTemplate<String, byte[]> kafka, TelemetryParser parser, TopicsProperties topics,
			IngestProperties properties, IngestMetrics metrics) {
		this.kafka = kafka;
		this.parser = parser;
		this.topics = topics;
		this.properties = properties;
		this.metrics = metrics;
	}

	/**
	 * Publishes a batch in order and waits for Kafka's acknowledgements.
	 * @param messages the batch, in the order it was received
	 * @return for each message, whether Kafka acknowledged its record
	 */
	public List<Boolean> publish(List<InboundMessage> messages) {
		this.metrics.received(messages.size());
		List<Pending> pending = new ArrayList<>(messages.size());
		for (InboundMessage message : messages) {
			ParseResult result = this.parser.parse(message);
			Pending sent = new Pending(result, send(message, result));
			pending.add(sent);
			if (sent.send().isCompletedExceptionally()) {
				break; // Kafka is unreachable: the rest would fail too, and must not
						// overtake this one
			}
		}
		awaitAll(pending);
		List<Boolean> acknowledged = new ArrayList<>(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			acknowledged.add(i < pending.size() && record(pending.get(i), messages.get(i)));
		}
		int failed = (int) acknowledged.stream().filter((ok) -> !ok).count();
		if (failed > 0) {
			this.metrics.failed(failed);
			log.warn("Kafka did not acknowledge {} of {} messages; they stay on the queue for redelivery", failed,
					messages.size());
		}
		return acknowledged;
	}

	private CompletableFuture<?> send(InboundMessage message, ParseResult result) {
		try {
			return switch (result) {
				case ParseResult.Accepted accepted -> this.kafka.send(this.topics.events(), accepted.event().deviceId(),
						this.codec.encode(accepted.event()));
				case ParseResult.Rejected rejected -> this.kafka.send(rejectedRecord(message, rejected));
			};
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private ProducerRecord<String, byte[]> rejectedRecord(InboundMessage message, ParseResult.Rejected rejected) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topics.rejected(), rejected.deviceId(),
				message.body().getBytes(StandardCharsets.UTF_8));
		record.headers().add(REASON_HEADER, rejected.reason().code().getBytes(StandardCharsets.UTF_8));
		record.headers().add(DETAIL_HEADER, rejected.detail().getBytes(StandardCharsets.UTF_8));
		if (message.sqsMessageId() != null) {
			record.headers().add(SQS_MESSAGE_ID_HEADER, message.sqsMessageId().getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

	private void awaitAll(List<Pending> pending) {
		CompletableFuture<?>[] sends = pending.stream().map(Pending::send).toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(sends).get(this.properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | java.util.concurrent.ExecutionException ex) {
			// outcomes are read per record below
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean record(Pending pending, InboundMessage message) {
		CompletableFuture<?> send = pending.send();
		if (!send.isDone() || send.isCompletedExceptionally()) {
			if (send.isCompletedExceptionally()) {
				log.debug("Publishing SQS message {} failed", message.sqsMessageId(), send.exceptionNow());
			}
			return false;
		}
		switch (pending.result()) {
			case ParseResult.Accepted accepted -> {
				this.metrics.published();
				log.debug("Published event {} of device {}", accepted.event().eventId(), accepted.event().deviceId());
			}
			case ParseResult.Rejected rejected -> {
				this.metrics.rejected(rejected.reason());
				log.info("Rejected SQS message {} (device {}): {}: {}", message.sqsMessageId(), rejected.deviceId(),
						rejected.reason().code(), rejected.detail());
			}
		}
		return true;
	}

	private record Pending(ParseResult result, CompletableFuture<?> send) {
	}

}
