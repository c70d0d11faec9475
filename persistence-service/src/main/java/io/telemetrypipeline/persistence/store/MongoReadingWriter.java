package io.telemetrypipeline.persistence.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import lombok.extern.slf4j.Slf4j;
import org.bson.BSONException;
import org.bson.BsonDocument;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Stores a batch of events as one unordered {@code insertMany} with {@code _id} = event
 * id, straight from the events to BSON with the MongoDB driver. A duplicate-key result
 * means the event was already stored and counts as success; any other per-document error
 * is reported back for dead-lettering. A failure of the whole write that retrying cannot
 * fix (e.g. a document over MongoDB's 16 MiB limit, which the driver refuses for the
 * whole batch) is isolated by writing the batch's documents one by one. Any other failure
 * (MongoDB unreachable, write concern not met) is thrown, so nothing is acknowledged and
 * the batch is retried. Once MongoDB acknowledged the readings, the same step updates
 * their devices' summaries ({@link DeviceSummaryWriter}); if that fails, the whole batch
 * is retried, and its readings, now duplicates, are counted exactly once.
 */
@Slf4j
@Component
class MongoReadingWriter implements ReadingWriter {

	static final int DUPLICATE_KEY = 11000;

	private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

	private final MongoCollection<BsonDocument> collection;

	private final Clock clock;

	private final Timer writeTimer;

	private final DeviceSummaryWriter devices;

	MongoReadingWriter(MongoTemplate mongo, PersistenceProperties properties, MeterRegistry registry,
			DeviceSummaryWriter devices) {
		this.collection = mongo.getDb().getCollection(properties.collection(), BsonDocument.class);
		this.devices = devices;
		this.clock = Clock.systemUTC();
		this.writeTimer = Timer.builder("telemetry.persistence.bulk.write")
			.description("Latency of one bulk write to MongoDB, until MongoDB acknowledged it")
			.publishPercentileHistogram()
			.register(registry);
	}

	@Override
	public <T> List<WriteResult<T>> write(List<T> items, Function<T, TelemetryEvent> event,
			Function<T, KafkaPosition> position) {
		if (items.isEmpty()) {
			return List.of();
		}
		Instant storedAt = this.clock.instant();
		List<BsonDocument> documents = new ArrayList<>(items.size());
		for (T item : items) {
			documents.add(ReadingDocuments.of(event.apply(item), position.apply(item), storedAt));
		}
		List<WriteResult<T>> results = insert(items, documents);
		this.devices.record(results, event, position, storedAt);
		return results;
	}

	private <T> List<WriteResult<T>> insert(List<T> items, List<BsonDocument> documents) {
		return this.writeTimer.record(() -> {
			try {
				return insertMany(items, documents);
			}
			catch (RuntimeException ex) {
				if (!isPermanent(ex)) {
					throw ex;
				}
				log.warn("Bulk write of {} documents failed permanently ({}); writing them one by one",
						documents.size(), ex.getMessage());
				return insertOneByOne(items, documents);
			}
		});
	}

	private <T> List<WriteResult<T>> insertMany(List<T> items, List<BsonDocument> documents) {
		try {
			this.collection.insertMany(documents, UNORDERED);
			return results(items, Map.of());
		}
		catch (MongoBulkWriteException ex) {
			return results(items, documentErrors(ex));
		}
	}

	/**
	 * The per-document errors of a failed unordered bulk write, by document index. Every
	 * document was attempted, and each failed one has exactly one error.
	 * @param failure the failure
	 * @return the errors by index
	 * @throws MongoBulkWriteException {@code failure} itself when it is not about single
	 * documents (a write-concern error, or no document errors): retrying may fix it
	 */
	static Map<Integer, BulkWriteError> documentErrors(MongoBulkWriteException failure) {
		if (failure.getWriteConcernError() != null || failure.getWriteErrors().isEmpty()) {
			throw failure;
		}
		Map<Integer, BulkWriteError> errors = new HashMap<>();
		for (BulkWriteError error : failure.getWriteErrors()) {
			errors.put(error.getIndex(), error);
		}
		return errors;
	}

	/**
	 * What became of each item of a bulk write: stored now, already stored (duplicate key
	 * on the event id), or refused by MongoDB for good.
	 * @param <T> the item type
	 * @param items the items, in the order of the written documents
	 * @param errors the per-document errors by index
	 * @return one result per item, in order
	 */
	static <T> List<WriteResult<T>> results(List<T> items, Map<Integer, BulkWriteError> errors) {
		List<WriteResult<T>> results = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			BulkWriteError error = errors.get(i);
			if (error == null) {
				results.add(new WriteResult<>(items.get(i), WriteResult.Status.INSERTED, null));
			}
			else if (error.getCode() == DUPLICATE_KEY) {
				results.add(new WriteResult<>(items.get(i), WriteResult.Status.DUPLICATE, null));
			}
			else {
				results.add(new WriteResult<>(items.get(i), WriteResult.Status.REJECTED,
						"MongoDB error " + error.getCode() + ": " + error.getMessage()));
			}
		}
		return results;
	}

	private <T> List<WriteResult<T>> insertOneByOne(List<T> items, List<BsonDocument> documents) {
		List<WriteResult<T>> results = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			try {
				this.collection.insertOne(documents.get(i));
				results.add(new WriteResult<>(items.get(i), WriteResult.Status.INSERTED, null));
			}
			catch (RuntimeException ex) {
				results.add(resultOfOne(items.get(i), ex));
			}
		}
		return results;
	}

	/**
	 * What became of one item whose single insert failed.
	 * @param <T> the item type
	 * @param item the item
	 * @param failure why its insert failed
	 * @return already stored for a duplicate key, refused for a permanent failure
	 * @throws RuntimeException {@code failure} itself when retrying may fix it
	 */
	static <T> WriteResult<T> resultOfOne(T item, RuntimeException failure) {
		if (failure instanceof MongoWriteException write && write.getError().getCode() == DUPLICATE_KEY) {
			return new WriteResult<>(item, WriteResult.Status.DUPLICATE, null);
		}
		if (isPermanent(failure)) {
			return new WriteResult<>(item, WriteResult.Status.REJECTED,
					"MongoDB cannot store this document: " + failure.getMessage());
		}
		throw failure;
	}

	/**
	 * Whether retrying can never help: the document itself is the problem (the driver
	 * cannot encode it, or the server refused it with a write error other than a
	 * duplicate key). Anything not known to be permanent, including write-concern errors,
	 * is treated as transient and retried, so a reading is never dead-lettered because
	 * MongoDB was briefly unavailable.
	 * @param failure what the write threw
	 * @return whether the failure, or one of its causes, is permanent
	 */
	static boolean isPermanent(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BSONException || cause instanceof IllegalArgumentException
					|| (cause instanceof MongoWriteException write && write.getError().getCode() != DUPLICATE_KEY)) {
				return true;
			}
		}
		return false;
	}

}
