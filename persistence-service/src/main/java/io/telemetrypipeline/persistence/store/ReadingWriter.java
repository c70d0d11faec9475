package io.telemetrypipeline.persistence.store;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.bulk.BulkWriteError;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import lombok.extern.slf4j.Slf4j;
import org.bson.BSONException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Stores a batch of events as one unordered bulk insert with {@code _id} = event id. A
 * duplicate-key result means the event was already stored and counts as success; any
 * other per-document error is reported back for dead-lettering. A failure of the whole
 * write that retrying cannot fix (e.g. a document over MongoDB's 16 MiB limit, which the
 * driver refuses for the whole batch) is isolated by writing the batch's documents one by
 * one. Any other failure (MongoDB unreachable, write concern not met) is thrown, so
 * nothing is acknowledged and the batch is retried.
 */
@Slf4j
@Component
public class ReadingWriter {

	static final int DUPLICATE_KEY = 11000;

	private final MongoTemplate mongo;

	private final String collection;

	private final Clock clock;

	private final Timer writeTimer;

	ReadingWriter(MongoTemplate mongo, PersistenceProperties properties, MeterRegistry registry) {
		this.mongo = mongo;
		this.collection = properties.collection();
		this.clock = Clock.systemUTC();
		this.writeTimer = Timer.builder("telemetry.persistence.bulk.write")
			.description("Latency of one bulk write to MongoDB, until MongoDB acknowledged it")
			.publishPercentileHistogram()
			.register(registry);
	}

	/**
	 * Writes the events and returns what MongoDB acknowledged.
	 * @param events the events, in any order
	 * @return the outcome of each event
	 */
	public WriteOutcome write(List<TelemetryEvent> events) {
		if (events.isEmpty()) {
			return new WriteOutcome(0, 0, Map.of());
		}
		Instant storedAt = this.clock.instant();
		List<ReadingDocument> documents = events.stream().map((event) -> ReadingDocument.of(event, storedAt)).toList();
		return this.writeTimer.record(() -> {
			try {
				return insert(documents);
			}
			catch (RuntimeException ex) {
				if (!isPermanent(ex)) {
					throw ex;
				}
				log.warn("Bulk write of {} documents failed permanently ({}); writing them one by one",
						documents.size(), ex.getMessage());
				return insertOneByOne(documents);
			}
		});
	}

	private WriteOutcome insert(List<ReadingDocument> documents) {
		try {
			int inserted = this.mongo.bulkOps(BulkMode.UNORDERED, ReadingDocument.class, this.collection)
				.insert(documents)
				.execute()
				.getInsertedCount();
			return new WriteOutcome(inserted, 0, Map.of());
		}
		catch (BulkOperationException ex) {
			if (ex.getErrors().isEmpty()) {
				throw ex;
			}
			int duplicates = 0;
			Map<Integer, String> rejected = new HashMap<>();
			for (BulkWriteError error : ex.getErrors()) {
				if (error.getCode() == DUPLICATE_KEY) {
					duplicates++;
				}
				else {
					rejected.put(error.getIndex(), "MongoDB error " + error.getCode() + ": " + error.getMessage());
				}
			}
			// unordered: every document was attempted, and each failed one has exactly
			// one
			// error
			int inserted = documents.size() - ex.getErrors().size();
			return new WriteOutcome(inserted, duplicates, Map.copyOf(rejected));
		}
	}

	private WriteOutcome insertOneByOne(List<ReadingDocument> documents) {
		int inserted = 0;
		int duplicates = 0;
		Map<Integer, String> rejected = new HashMap<>();
		for (int i = 0; i < documents.size(); i++) {
			try {
				this.mongo.insert(documents.get(i), this.collection);
				inserted++;
			}
			catch (DuplicateKeyException ex) {
				duplicates++;
			}
			catch (RuntimeException ex) {
				if (!isPermanent(ex)) {
					throw ex;
				}
				rejected.put(i, "MongoDB cannot store this document: " + ex.getMessage());
			}
		}
		return new WriteOutcome(inserted, duplicates, Map.copyOf(rejected));
	}

	/**
	 * Whether retrying can never help: the document itself is the problem. Anything not
	 * known to be permanent is treated as transient and retried, so a reading is never
	 * dead-lettered because MongoDB was briefly unavailable.
	 */
	static boolean isPermanent(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BSONException || cause instanceof InvalidDataAccessApiUsageException
					|| (cause instanceof DataIntegrityViolationException
							&& !(cause instanceof DuplicateKeyException))) {
				return true;
			}
		}
		return false;
	}

}
