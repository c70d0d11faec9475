package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.awspring.cloud.sqs.listener.BatchVisibility;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.telemetrypipeline.ingest.ConfiguredProperties;
import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.ingest.publish.Delivery;
import io.telemetrypipeline.ingest.publish.Delivery.Outcome;
import io.telemetrypipeline.ingest.publish.PublisherFixture;
import io.telemetrypipeline.model.PipelineNames;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The listener deletes an SQS message only once Kafka acknowledged its record, and on a
 * FIFO queue only the acknowledged prefix of a batch, so that nothing overtakes a message
 * SQS delivers again.
 */
class TelemetryListenerTests {

	private static final String VALID = "{\"deviceId\":\"d1\",\"clientId\":\"d1\",\"timestamp\":1764000000000,"
			+ "\"readings\":{\"t\":1}}";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<String> deleted = new ArrayList<>();

	private final RecordingVisibility visibility = new RecordingVisibility();

	@Test
	void deletesEveryMessageKafkaAcknowledgedFromAStandardQueue() throws Exception {
		PublisherFixture kafka = new PublisherFixture(Map.of());
		CompletableFuture<Void> batch = listener(kafka, PipelineNames.INGEST_QUEUE).onMessages(batch("a", "b", "c"),
				new RecordingAcknowledgement(), this.visibility);
		kafka.producer().completeNext();
		kafka.producer().errorNext(new NotEnoughReplicasException("1 of 3"));
		kafka.producer().completeNext();
		batch.get(5, TimeUnit.SECONDS);

		assertThat(this.deleted).containsExactly("a", "c");
		assertThat(this.registry.get("telemetry.ingest.messages.received").counter().count()).isEqualTo(3);
	}

	@Test
	void deletesOnlyTheAcknowledgedPrefixFromAFifoQueue() throws Exception {
		PublisherFixture kafka = new PublisherFixture(
				Map.of("telemetry.ingest.queue", PipelineNames.INGEST_FIFO_QUEUE));
		CompletableFuture<Void> batch = listener(kafka, PipelineNames.INGEST_FIFO_QUEUE)
			.onMessages(batch("a", "b", "c"), new RecordingAcknowledgement(), this.visibility);
		kafka.producer().completeNext();
		kafka.producer().errorNext(new NotEnoughReplicasException("1 of 3"));
		kafka.producer().completeNext();
		batch.get(5, TimeUnit.SECONDS);

		assertThat(this.deleted).containsExactly("a");
	}

	@Test
	void deletesNothingWhenKafkaAcknowledgedNothing() throws Exception {
		PublisherFixture kafka = new PublisherFixture(
				Map.of("telemetry.ingest.queue", PipelineNames.INGEST_FIFO_QUEUE));
		RecordingAcknowledgement acknowledgement = new RecordingAcknowledgement();
		CompletableFuture<Void> batch = listener(kafka, PipelineNames.INGEST_FIFO_QUEUE).onMessages(batch("a", "b"),
				acknowledgement, this.visibility);
		kafka.producer().errorNext(new NotEnoughReplicasException("1 of 3"));
		kafka.producer().completeNext();
		batch.get(5, TimeUnit.SECONDS);

		assertThat(this.deleted).isEmpty();
		assertThat(acknowledgement.calls).isZero();
	}

	@Test
	void countsMessagesSqsDeliveredMoreThanOnce() throws Exception {
		PublisherFixture kafka = new PublisherFixture(Map.of());
		List<Message<String>> messages = List.of(SqsMessages.received("a", VALID, 1),
				SqsMessages.received("b", VALID, 3));
		CompletableFuture<Void> batch = listener(kafka, PipelineNames.INGEST_QUEUE).onMessages(messages,
				new RecordingAcknowledgement(), this.visibility);
		kafka.producer().completeNext();
		kafka.producer().completeNext();
		batch.get(5, TimeUnit.SECONDS);

		assertThat(this.registry.get("telemetry.ingest.messages.redelivered").counter().count()).isOne();
		assertThat(this.registry.get("telemetry.ingest.queue.age").timer().count()).isEqualTo(2);
		assertThat(this.deleted).containsExactly("a", "b");
	}

	@Test
	void extendsTheVisibilityOfABatchStillInFlightWhenTheQueuesOwnTimeoutIsShorterThanItsDeadline() throws Exception {
		PublisherFixture kafka = new PublisherFixture(Map.of());
		IngestProperties properties = ConfiguredProperties.bind("telemetry.ingest", IngestProperties.class,
				Map.of("telemetry.ingest.publish-timeout", "3s", "telemetry.ingest.listener.visibility-margin", "1s"));
		TelemetryListener listener = new TelemetryListener(kafka.publisher(), new QueueMetrics(this.registry),
				properties);
		List<Message<String>> messages = List.of(SqsMessages.receivedNow("a", VALID, Duration.ofSeconds(1)),
				SqsMessages.receivedNow("b", VALID, Duration.ofSeconds(1)));
		CompletableFuture<Void> batch = listener.onMessages(messages, new RecordingAcknowledgement(), this.visibility);

		waitAtMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(this.visibility.changes)
			.as("at half the queue's 1 s, to the 3 s deadline plus 1 s margin")
			.containsExactly(4));
		kafka.producer().completeNext();
		kafka.producer().completeNext();
		batch.get(5, TimeUnit.SECONDS);
		assertThat(this.deleted).containsExactly("a", "b");
		assertThat(this.registry.get("telemetry.ingest.visibility.extended").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("telemetry.ingest.batch.duration").timer().count()).isOne();
	}

	private TelemetryListener listener(PublisherFixture kafka, String queue) {
		IngestProperties properties = ConfiguredProperties.bind("telemetry.ingest", IngestProperties.class,
				Map.of("telemetry.ingest.queue", queue));
		return new TelemetryListener(kafka.publisher(), new QueueMetrics(this.registry), properties);
	}

	private static List<Message<String>> batch(String... messageIds) {
		List<Message<String>> messages = new ArrayList<>();
		for (String messageId : messageIds) {
			messages.add(SqsMessages.received(messageId, VALID, 1));
		}
		return messages;
	}

	static Stream<Arguments> batches() {
		return Stream.of(Arguments.argumentSet("everything acknowledged",
				List.of(Outcome.PUBLISHED, Outcome.REJECTED, Outcome.PUBLISHED), false, List.of("m0", "m1", "m2")),
				Arguments.argumentSet("standard queue skips the unacknowledged one",
						List.of(Outcome.PUBLISHED, Outcome.NOT_ACKNOWLEDGED, Outcome.PUBLISHED), false,
						List.of("m0", "m2")),
				Arguments.argumentSet("FIFO queue stops at the first unacknowledged one",
						List.of(Outcome.PUBLISHED, Outcome.NOT_ACKNOWLEDGED, Outcome.PUBLISHED), true, List.of("m0")),
				Arguments.argumentSet("FIFO queue deletes nothing when the first failed",
						List.of(Outcome.NOT_ACKNOWLEDGED, Outcome.PUBLISHED, Outcome.REJECTED), true, List.of()),
				Arguments.argumentSet("FIFO queue deletes a fully acknowledged batch",
						List.of(Outcome.REJECTED, Outcome.PUBLISHED), true, List.of("m0", "m1")),
				Arguments.argumentSet("empty batch", List.of(), true, List.of()));
	}

	@ParameterizedTest
	@MethodSource("batches")
	void deletesOnlyWhatKafkaAcknowledgedAndOnFifoQueuesOnlyThePrefix(List<Outcome> outcomes, boolean fifo,
			List<String> deleted) {
		List<Delivery<String>> deliveries = new ArrayList<>();
		for (int i = 0; i < outcomes.size(); i++) {
			deliveries.add(new Delivery<>("m" + i, outcomes.get(i)));
		}

		assertThat(TelemetryListener.toDelete(deliveries, fifo)).containsExactlyElementsOf(deleted);
	}

	/** Records the visibility timeouts the listener sets, in seconds. */
	private static final class RecordingVisibility implements BatchVisibility {

		final List<Integer> changes = new CopyOnWriteArrayList<>();

		@Override
		public CompletableFuture<Void> changeToAsync(int seconds) {
			this.changes.add(seconds);
			return CompletableFuture.completedFuture(null);
		}

	}

	/** Records the SQS message ids the listener deletes. */
	private final class RecordingAcknowledgement implements BatchAcknowledgement<String> {

		int calls;

		@Override
		public CompletableFuture<Void> acknowledgeAsync(Collection<Message<String>> messages) {
			this.calls++;
			messages.forEach(
					(message) -> TelemetryListenerTests.this.deleted.add(SqsMessages.messageId(message.getHeaders())));
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void acknowledge(Collection<Message<String>> messages) {
			acknowledgeAsync(messages).join();
		}

		@Override
		public CompletableFuture<Void> acknowledgeAsync() {
			throw new UnsupportedOperationException("the listener deletes only the messages it names");
		}

		@Override
		public void acknowledge() {
			acknowledgeAsync().join();
		}

	}

}
