package io.telemetrypipeline.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.parse.ParseResult;
import io.telemetrypipeline.ingest.parse.RejectionReason;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.model.TelemetryEventCodec;
import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Parses each message and publishes it to Kafka: a valid reading to the events topic
 * keyed by device id (so one device's readings share a partition and keep their order),
 * an invalid one to the rejected topic with the original body (bounded: a longer one is
 * truncated, its full length and SHA-256 in headers) and the reason in headers. Reports,
 * per message, whether Kafka acknowledged its record; it never reports success for a
 * record Kafka has not acknowledged. A record Kafka refuses for good because of that
 * record alone (too large, invalid, not serializable) is no outage: that message alone
 * goes to the rejected topic with the refusal as its reason, and its batch goes on.
 * Asynchronous: many batches can be in flight without a thread waiting for Kafka.
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

	/**
	 * Header with the full body's length in UTF-8 bytes, in decimal: the record's value
	 * holds only the first {@code telemetry.ingest.validation.max-rejected-body-bytes}.
	 */
	public static final String BODY_LENGTH_HEADER = "telemetry-body-length";

	/** Header with the SHA-256 of the full body's UTF-8 bytes, in lowercase hex. */
	public static final String BODY_SHA256_HEADER = "telemetry-body-sha256";

	/** The most bytes of the detail header. */
	static final int MAX_DETAIL_BYTES = 1024;

	/** Kafka's own default of {@code max.block.ms}. */
	private static final long DEFAULT_MAX_BLOCK_MS = 60_000;

	private final KafkaTemplate<String, byte[]> kafka;

	private final TelemetryParser parser;

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	private final TopicsProperties topics;

	private final IngestProperties properties;

	private final PublishMetrics metrics;

	private final Duration maxBlock;

	private final LongSupplier nanoTime;

	@Autowired
	TelemetryPublisher(KafkaTemplate<String, byte[]> kafka, TelemetryParser parser, TopicsProperties topics,
			IngestProperties properties, PublishMetrics metrics) {
		this(kafka, parser, topics, properties, metrics, System::nanoTime);
	}

	TelemetryPublisher(KafkaTemplate<String, byte[]> kafka, TelemetryParser parser, TopicsProperties topics,
			IngestProperties properties, PublishMetrics metrics, LongSupplier nanoTime) {
		this.kafka = kafka;
		this.parser = parser;
		this.topics = topics;
		this.properties = properties;
		this.metrics = metrics;
		this.maxBlock = maxBlock(kafka, properties.publishTimeout());
		this.nanoTime = nanoTime;
	}

	/**
	 * The longest a send may block, as the producer is configured; it must leave room for
	 * sends within the batch deadline.
	 * @param kafka the template, whose producer factory holds the producer's settings
	 * @param publishTimeout the batch deadline
	 * @return {@code max.block.ms}, Kafka's default when not set
	 */
	private static Duration maxBlock(KafkaTemplate<String, byte[]> kafka, Duration publishTimeout) {
		Object configured = kafka.getProducerFactory()
			.getConfigurationProperties()
			.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
		Duration maxBlock = Duration
			.ofMillis((configured != null) ? Long.parseLong(configured.toString()) : DEFAULT_MAX_BLOCK_MS);
		if (maxBlock.compareTo(publishTimeout) >= 0) {
			throw new IllegalStateException("spring.kafka.producer.properties.max.block.ms (" + maxBlock.toMillis()
					+ " ms) must be below telemetry.ingest.publish-timeout (" + publishTimeout.toMillis()
					+ " ms): a batch starts a send only while max.block.ms of its deadline is left, so none would "
					+ "ever start. Lower max.block.ms or raise the publish timeout");
		}
		return maxBlock;
	}

	/**
	 * Publishes a batch in order without waiting: the returned future completes once
	 * Kafka acknowledged every record, or at the batch's deadline (the publish timeout),
	 * with each message's outcome. The deadline includes every send: a send is started
	 * only while the longest a send may block ({@code max.block.ms}) is left of it, so
	 * the future completes by the deadline whatever Kafka does. No thread waits for
	 * Kafka's answer meanwhile. Sending stops at the first record the producer refuses at
	 * once for an outage (Kafka unreachable): the rest would fail too, and must not
	 * overtake it. A record refused for good because of itself alone does not stop it.
	 * @param <M> the caller's message type
	 * @param messages the batch, in the order it was received
	 * @param content the body, ids and arrival time of a message
	 * @return one delivery per message, in the order of {@code messages}
	 */
	public <M> CompletableFuture<List<Delivery<M>>> publish(List<M> messages, Function<M, InboundMessage> content) {
		BatchDeadline deadline = BatchDeadline.start(this.properties.publishTimeout(), this.maxBlock, this.nanoTime);
		List<Pending<M>> pending = new ArrayList<>(messages.size());
		for (M message : messages) {
			if (!deadline.allowsSend()) {
				log.warn("Sent {} of {} messages before the batch deadline left less than max.block.ms; the rest stay "
						+ "on the queue", pending.size(), messages.size());
				break;
			}
			InboundMessage inbound = content.apply(message);
			ParseResult result = this.parser.parse(inbound);
			Pending<M> sent = new Pending<>(message, inbound, result, send(inbound, result));
			pending.add(sent);
			if (refusedForOutage(sent.send())) {
				break;
			}
		}
		CompletableFuture<?>[] sends = pending.stream().map(Pending::send).toArray(CompletableFuture[]::new);
		return CompletableFuture.allOf(sends)
			.orTimeout(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)
			.handle((ignored, failure) -> deliveries(messages, pending));
	}

	private <M> List<Delivery<M>> deliveries(List<M> messages, List<Pending<M>> pending) {
		List<Delivery<M>> deliveries = new ArrayList<>(messages.size());
		int failed = 0;
		for (int i = 0; i < messages.size(); i++) {
			Delivery<M> delivery = (i < pending.size()) ? outcome(pending.get(i))
					: new Delivery<>(messages.get(i), Delivery.Outcome.NOT_ACKNOWLEDGED);
			if (!delivery.acknowledged()) {
				failed++;
			}
			deliveries.add(delivery);
		}
		if (failed > 0) {
			this.metrics.failed(failed);
			log.warn("Kafka did not acknowledge {} of {} messages; they stay on the queue for redelivery", failed,
					messages.size());
		}
		return deliveries;
	}

	/**
	 * Whether a send failed at once for a reason that is not the record's own (Kafka
	 * unreachable, buffer full), so the records after it would fail too.
	 * @param send the send
	 * @return {@code true} when the send failed at once for an outage
	 */
	private static boolean refusedForOutage(CompletableFuture<?> send) {
		return send.isCompletedExceptionally() && refusal(send.exceptionNow()) == null;
	}

	/**
	 * Sends a message's record; should Kafka refuse it for good, sends the message to the
	 * rejected topic instead, once. A refusal known at once is handled at once, so the
	 * batch's loop sees it; a later one off the producer's I/O thread, which must never
	 * send.
	 * @param message the message
	 * @param result what the parser made of it
	 * @return completes with what was published once Kafka acknowledged it
	 */
	private CompletableFuture<ParseResult> send(InboundMessage message, ParseResult result) {
		CompletableFuture<ParseResult> sent = sendRecord(message, result);
		Function<Throwable, CompletionStage<ParseResult>> refused = (failure) -> sendRefused(message, result, failure);
		return sent.isDone() ? sent.exceptionallyCompose(refused) : sent.exceptionallyComposeAsync(refused);
	}

	private CompletableFuture<ParseResult> sendRecord(InboundMessage message, ParseResult result) {
		try {
			CompletableFuture<?> sent = switch (result) {
				case ParseResult.Accepted accepted -> this.kafka.send(this.topics.events(), accepted.event().deviceId(),
						this.codec.encode(accepted.event()));
				case ParseResult.Rejected rejected -> this.kafka.send(rejectedRecord(message, rejected));
			};
			return sent.thenApply((ignored) -> result);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private CompletableFuture<ParseResult> sendRefused(InboundMessage message, ParseResult result, Throwable failure) {
		RejectionReason reason = refusal(failure);
		if (reason == null) {
			return CompletableFuture.failedFuture(failure);
		}
		String deviceId = switch (result) {
			case ParseResult.Accepted accepted -> accepted.event().deviceId();
			case ParseResult.Rejected rejected -> rejected.deviceId();
		};
		String detail = "Kafka refused the record for good: " + rootCause(failure);
		log.warn("Kafka refused the record of SQS message {} (device {}) for good; publishing it as {}: {}",
				message.sqsMessageId(), deviceId, reason.code(), detail);
		return sendRecord(message, new ParseResult.Rejected(reason, detail, deviceId));
	}

	/**
	 * Whether Kafka refused a record for good because of that record alone, and as what:
	 * sending it again can never succeed, but other records are not affected.
	 * @param failure the failure of a send
	 * @return the rejection reason, or {@code null} for a failure that is not the
	 * record's own (an outage, a missing permission)
	 */
	static RejectionReason refusal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
				return RejectionReason.RECORD_TOO_LARGE;
			}
			if (cause instanceof InvalidRecordException || cause instanceof SerializationException) {
				return RejectionReason.RECORD_REFUSED;
			}
		}
		return null;
	}

	private static String rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	private ProducerRecord<String, byte[]> rejectedRecord(InboundMessage message, ParseResult.Rejected rejected) {
		RejectedBody body = RejectedBody.of(message.body(), this.properties.validation().maxRejectedBodyBytes());
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topics.rejected(), rejected.deviceId(),
				body.value());
		record.headers().add(REASON_HEADER, rejected.reason().code().getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(DETAIL_HEADER,
					RejectedBody.truncate(rejected.detail().getBytes(StandardCharsets.UTF_8), MAX_DETAIL_BYTES));
		if (message.sqsMessageId() != null) {
			record.headers().add(SQS_MESSAGE_ID_HEADER, message.sqsMessageId().getBytes(StandardCharsets.UTF_8));
		}
		record.headers().add(BODY_LENGTH_HEADER, Long.toString(body.length()).getBytes(StandardCharsets.UTF_8));
		record.headers().add(BODY_SHA256_HEADER, body.sha256().getBytes(StandardCharsets.UTF_8));
		return record;
	}

	private <M> Delivery<M> outcome(Pending<M> pending) {
		CompletableFuture<ParseResult> send = pending.send();
		InboundMessage message = pending.inbound();
		if (!send.isDone() || send.isCompletedExceptionally()) {
			if (send.isCompletedExceptionally()) {
				logFailure(message, send.exceptionNow());
			}
			return new Delivery<>(pending.message(), Delivery.Outcome.NOT_ACKNOWLEDGED);
		}
		return switch (send.resultNow()) {
			case ParseResult.Accepted accepted -> {
				this.metrics.published();
				log.debug("Published event {} of device {}", accepted.event().eventId(), accepted.event().deviceId());
				yield new Delivery<>(pending.message(), Delivery.Outcome.PUBLISHED);
			}
			case ParseResult.Rejected rejected -> {
				this.metrics.rejected(rejected.reason());
				log.info("Rejected SQS message {} (device {}): {}: {}", message.sqsMessageId(), rejected.deviceId(),
						rejected.reason().code(), rejected.detail());
				yield new Delivery<>(pending.message(), Delivery.Outcome.REJECTED);
			}
		};
	}

	private static void logFailure(InboundMessage message, Throwable failure) {
		if (refusal(failure) != null) {
			log.error("Kafka refused even the rejected record of SQS message {}: it stays on the queue until SQS moves "
					+ "it to the queue's dead-letter queue ({})", message.sqsMessageId(), rootCause(failure));
		}
		else {
			log.debug("Publishing SQS message {} failed", message.sqsMessageId(), failure);
		}
	}

	private record Pending<M>(M message, InboundMessage inbound, ParseResult result,
			CompletableFuture<ParseResult> send) {
	}

}
