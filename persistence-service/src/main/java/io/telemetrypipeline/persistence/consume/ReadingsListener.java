package io.telemetrypipeline.persistence.consume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.persistence.store.KafkaPosition;
import io.telemetrypipeline.persistence.store.ReadingWriter;
import io.telemetrypipeline.persistence.store.WriteResult;
import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.stereotype.Component;

/**
 * Consumes batches of events and stores each batch with one bulk write (and, in the same
 * step, the summaries of its devices, see {@code ReadingWriter}). The listener returns,
 * and the container commits the batch's offsets, only after MongoDB acknowledged the
 * write and every record that can never be stored (undecodable, or refused by MongoDB for
 * good) was acknowledged by the dead-letter topic. A transient failure is thrown to the
 * error handler, which retries the whole batch with back-off; the batch's dead letters
 * are published only once its write succeeded, so retries during an outage publish none
 * twice, and redelivered records are harmless because writes are idempotent by event id.
 */
@Slf4j
@Component
class ReadingsListener {

	static final String LISTENER_ID = "telemetry-persistence";

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	private final ReadingWriter writer;

	private final ConsumerRecordRecoverer deadLetters;

	private final PersistenceMetrics metrics;

	private final Clock clock = Clock.systemUTC();

	ReadingsListener(ReadingWriter writer, ConsumerRecordRecoverer deadLetters, PersistenceMetrics metrics) {
		this.writer = writer;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
	}

	// idIsGroup = false: the group is spring.kafka.consumer.group-id, as documented, not
	// the
	// listener id
	@KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = TopicsProperties.EVENTS_PLACEHOLDER, batch = "true")
	void onRecords(List<ConsumerRecord<String, byte[]>> records) {
		this.metrics.batch(records.size());
		List<Decoded> decoded = new ArrayList<>(records.size());
		List<Undecodable> undecodable = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				decoded.add(new Decoded(record, this.codec.decode(record.value())));
			}
			catch (TelemetryEventCodec.InvalidEventException ex) {
				undecodable.add(new Undecodable(record, ex));
			}
		}
		List<WriteResult<Decoded>> results;
		try {
			results = this.writer.write(decoded, Decoded::event, Decoded::position);
		}
		catch (RuntimeException ex) {
			this.metrics.failedBatch();
			log.warn("Writing a batch of {} events failed; it will be retried: {}", decoded.size(), ex.getMessage());
			throw ex;
		}
		for (Undecodable invalid : undecodable) {
			deadLetter(invalid.record(), invalid.failure(), PersistenceMetrics.INVALID_EVENT);
		}
		Instant now = this.clock.instant();
		int inserted = 0;
		int duplicates = 0;
		for (WriteResult<Decoded> result : results) {
			switch (result.status()) {
				case INSERTED -> inserted++;
				case DUPLICATE -> duplicates++;
				case REJECTED -> deadLetter(result.source().record(), new UnstorableEventException(result.reason()),
						PersistenceMetrics.WRITE_REJECTED);
			}
			if (result.stored()) {
				this.metrics.endToEnd(Duration.between(result.source().event().origin().receivedAt(), now));
			}
		}
		this.metrics.written(inserted);
		this.metrics.duplicates(duplicates);
		log.debug("Stored batch of {}: {} new, {} duplicates, {} dead-lettered", records.size(), inserted, duplicates,
				records.size() - inserted - duplicates);
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, Exception failure, String reason) {
		log.warn("Dead-lettering record {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
				record.key(), failure.getMessage());
		this.deadLetters.accept(record, failure);
		this.metrics.deadLettered(reason);
	}

	/** A record and the event it decoded to. */
	private record Decoded(ConsumerRecord<String, byte[]> record, TelemetryEvent event) {

		KafkaPosition position() {
			return new KafkaPosition(this.record.partition(), this.record.offset());
		}

	}

	/** A record that is no event, and why. */
	private record Undecodable(ConsumerRecord<String, byte[]> record, Exception failure) {
	}

	/** MongoDB refused to store an event for a reason that retrying cannot fix. */
	static final class UnstorableEventException extends RuntimeException {

		UnstorableEventException(String message) {
			super(message);
		}

	}

}
