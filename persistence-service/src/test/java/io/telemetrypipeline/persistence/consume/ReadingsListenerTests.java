package io.telemetrypipeline.persistence.consume;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.mongodb.MongoTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.persistence.store.KafkaPosition;
import io.telemetrypipeline.persistence.store.ReadingWriter;
import io.telemetrypipeline.persistence.store.WriteResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.entry;

/**
 * The listener's handling of a batch, with a writer and a dead-letter topic that record
 * what they were given: every decodable event is written with its record's partition and
 * offset (what keeps device counts exact); undecodable records and events MongoDB refuses
 * for good are dead-lettered; the listener returns (and the container commits) only after
 * the write succeeded; a failed write is thrown for retry and publishes no dead letter,
 * so retries during an outage publish none twice.
 */
class ReadingsListenerTests {

	private static final String TOPIC = PipelineNames.EVENTS_TOPIC;

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FakeWriter writer = new FakeWriter();

	private final List<DeadLetter> deadLetters = new ArrayList<>();

	private final ReadingsListener listener = new ReadingsListener(this.writer,
			(record, failure) -> this.deadLetters.add(new DeadLetter(record.offset(), failure)),
			new PersistenceMetrics(this.registry));

	@Test
	void storesEveryDecodableEventAndDeadLettersTheRecordsThatAreNoEvent() {
		this.listener
			.onRecords(List.of(record(0, event("m0")), invalid(1, "{\"not\":\"an event\"}"), record(2, event("m2"))));

		assertThat(this.writer.stored).containsExactly("d1/m0", "d1/m2");
		assertThat(this.writer.positions).containsOnly(entry("d1/m0", new KafkaPosition(0, 0)),
				entry("d1/m2", new KafkaPosition(0, 2)));
		assertThat(this.deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.offset()).isEqualTo(1);
			assertThat(deadLetter.failure()).isInstanceOf(TelemetryEventCodec.InvalidEventException.class);
		});
		assertThat(count("telemetry.persistence.records.written")).isEqualTo(2);
		assertThat(deadLettered("invalid-event")).isOne();
		assertThat(this.registry.get("telemetry.pipeline.latency").timer().count()).isEqualTo(2);
	}

	@Test
	void deadLettersOnlyTheEventsMongoDbRefusesForGoodAndCountsDuplicatesAsStored() {
		this.writer.duplicates.add("d1/m0");
		this.writer.refused.add("d1/m1");

		this.listener.onRecords(List.of(record(0, event("m0")), record(1, event("m1")), record(2, event("m2"))));

		assertThat(this.deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.offset()).isEqualTo(1);
			assertThat(deadLetter.failure()).isInstanceOf(ReadingsListener.UnstorableEventException.class)
				.hasMessage("MongoDB error 121: document failed validation");
		});
		assertThat(count("telemetry.persistence.records.written")).isOne();
		assertThat(count("telemetry.persistence.records.duplicates")).isOne();
		assertThat(deadLettered("write-rejected")).isOne();
	}

	@Test
	void throwsAFailedWriteForRetryAndPublishesNoDeadLetterUntilTheWriteSucceeds() {
		List<ConsumerRecord<String, byte[]>> batch = List.of(record(0, event("m0")), invalid(1, "garbage"));
		MongoTimeoutException outage = new MongoTimeoutException("no server within 5 s");
		this.writer.failure = outage;

		assertThatException().isThrownBy(() -> this.listener.onRecords(batch)).isSameAs(outage);
		assertThatException().isThrownBy(() -> this.listener.onRecords(batch)).isSameAs(outage);
		assertThat(this.deadLetters).isEmpty();
		assertThat(count("telemetry.persistence.batches.failed")).isEqualTo(2);
		assertThat(count("telemetry.persistence.records.written")).isZero();

		this.writer.failure = null;
		this.listener.onRecords(batch);

		assertThat(this.writer.stored).containsExactly("d1/m0");
		assertThat(this.deadLetters).extracting(DeadLetter::offset).containsExactly(1L);
	}

	@Test
	void acknowledgesABatchOfOnlyUndecodableRecordsOnceTheyAreDeadLettered() {
		this.listener.onRecords(List.of(invalid(0, ""), invalid(1, "[]")));

		assertThat(this.writer.stored).isEmpty();
		assertThat(this.deadLetters).extracting(DeadLetter::offset).containsExactly(0L, 1L);
	}

	private double count(String name) {
		return this.registry.get(name).counter().count();
	}

	private double deadLettered(String reason) {
		return this.registry.get("telemetry.persistence.records.dead.lettered").tag("reason", reason).counter().count();
	}

	private ConsumerRecord<String, byte[]> record(long offset, TelemetryEvent event) {
		return new ConsumerRecord<>(TOPIC, 0, offset, event.deviceId(), this.codec.encode(event));
	}

	private static ConsumerRecord<String, byte[]> invalid(long offset, String value) {
		return new ConsumerRecord<>(TOPIC, 0, offset, "d1", value.getBytes(StandardCharsets.UTF_8));
	}

	private static TelemetryEvent event(String messageId) {
		return new TelemetryEvent(1, "d1/" + messageId, "d1", Instant.parse("2026-11-24T10:15:30Z"), Map.of("t", 1.0),
				Map.of(),
				new TelemetryEvent.Origin("sqs-" + messageId, Instant.parse("2026-11-24T10:15:31Z"), null, null));
	}

	private record DeadLetter(long offset, Exception failure) {
	}

	/**
	 * Stores events in memory: those it was told are already stored count as duplicates,
	 * those it was told MongoDB refuses are rejected, and while {@link #failure} is set
	 * every write throws it, as when MongoDB is unreachable.
	 */
	private static final class FakeWriter implements ReadingWriter {

		final List<String> stored = new ArrayList<>();

		final Set<String> duplicates = new HashSet<>();

		final Set<String> refused = new HashSet<>();

		final Map<String, KafkaPosition> positions = new HashMap<>();

		RuntimeException failure;

		@Override
		public <T> List<WriteResult<T>> write(List<T> items, Function<T, TelemetryEvent> event,
				Function<T, KafkaPosition> position) {
			if (this.failure != null) {
				throw this.failure;
			}
			List<WriteResult<T>> results = new ArrayList<>();
			for (T item : items) {
				String eventId = event.apply(item).eventId();
				this.positions.put(eventId, position.apply(item));
				if (this.refused.contains(eventId)) {
					results.add(new WriteResult<>(item, WriteResult.Status.REJECTED,
							"MongoDB error 121: document failed validation"));
				}
				else if (this.duplicates.contains(eventId)) {
					results.add(new WriteResult<>(item, WriteResult.Status.DUPLICATE, null));
				}
				else {
					this.stored.add(eventId);
					results.add(new WriteResult<>(item, WriteResult.Status.INSERTED, null));
				}
			}
			return results;
		}

	}

}
