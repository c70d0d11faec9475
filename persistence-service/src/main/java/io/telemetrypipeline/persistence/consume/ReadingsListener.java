package io.telemetrypipeline.persistence.consume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.persistence.store.ReadingWriter;
import io.telemetrypipeline.persistence.store.WriteOutcome;
import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Consumes batches of events and stores each batch with one bulk write. The listener
 * returns, and the container commits the batch's offsets, only after MongoDB acknowledged
 * the write and every record that can never be stored was acknowledged by the dead-letter
 * topic. A transient failure is thrown to the error handler, which retries the whole
 * batch with back-off; redelivered records are harmless because writes are idempotent by
 * event id.
 */
@Slf4j
@Component
class ReadingsListener {

	static final String LISTENER_ID = "telemetry-persistence";

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	private final ReadingWriter writer;

	private final DeadLetterPublishingRecoverer deadLetters;

	private final PersistenceMetrics metrics;

	private final Clock clock = Clock.systemUTC();

	ReadingsListener(ReadingWriter writer, DeadLetterPublishingRecoverer deadLetters, PersistenceMetrics metrics) {
		this.writer = writer;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
	}

	@KafkaListener(id = LISTENER_ID, topics = "${telemetry.topics.events}", batch = "true")
	void onRecords(List<ConsumerRecord<String, byte[]>> records) {
		this.metrics.batch(records.size());
		List<ConsumerRecord<String, byte[]>> decodedRecords = new ArrayList<>(records.size());
		List<TelemetryEvent> events = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				events.add(this.codec.decode(record.value()));
				decodedRecords.add(record);
			}
			catch (TelemetryEventCodec.InvalidEventException ex) {
				deadLetter(record, ex, PersistenceMetrics.INVALID_EVENT);
			}
		}
		WriteOutcome outcome;
		try {
			outcome = this.writer.write(events);
		}
		catch (RuntimeException ex) {
			this.metrics.failedBatch();
			log.warn("Writing a batch of {} events failed; it will be retried: {}", events.size(), ex.getMessage());
			throw ex;
		}
		for (Map.Entry<Integer, String> rejected : outcome.rejected().entrySet()) {
			deadLetter(decodedRecords.get(rejected.getKey()), new UnstorableEventException(rejected.getValue()),
					PersistenceMetrics.WRITE_REJECTED);
		}
		Instant now = this.clock.instant();
		for (int i = 0; i < events.size(); i++) {
			if (!outcome.rejected().containsKey(i)) {
				this.metrics.endToEnd(Duration.between(events.get(i).origin().receivedAt(), now));
			}
		}
		this.metrics.written(outcome.inserted());
		this.metrics.duplicates(outcome.duplicates());
		log.debug("Stored batch of {}: {} new, {} duplicates, {} dead-lettered", records.size(), outcome.inserted(),
				outcome.duplicates(), records.size() - events.size() + outcome.rejected().size());
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, Exception failure, String reason) {
		log.warn("Dead-lettering record {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
				record.key(), failure.getMessage());
		this.deadLetters.accept(record, failure);
		this.metrics.deadLettered(reason);
	}

	/** MongoDB refused to store an event for a reason that retrying cannot fix. */
	static final class UnstorableEventException extends RuntimeException {

		UnstorableEventException(String message) {
			super(message);
		}

	}

}
