package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import lombok.extern.slf4j.Slf4j;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps each device's summary ({@code devices} collection, {@code _id} = device id):
 * first and last measurement time, last storage time and reading count, updated right
 * after a batch's readings were inserted, with one unordered bulk write of one upsert per
 * device and partition of the batch.
 * <p>
 * A reading is counted once however often its batch is retried or redelivered: the
 * summary keeps, per partition, the highest offset whose reading it counted
 * ({@code countedOffsets}), and an upsert adds its count only while that offset is below
 * the first of its own ({@code $not: {$gte: ...}}), setting it to its last in the same
 * atomic update. Whether the earlier attempt's update happened or not, the retry's
 * readings are duplicates stored with this record's own position, so they count again as
 * candidates, and the offset decides. An upsert whose condition fails (the summary holds
 * a higher offset) fails with a duplicate key on the device id, as MongoDB answers an
 * upsert whose filter matches no document under an existing {@code _id}; only those
 * devices are then counted reading by reading, in offset order, each conditional on its
 * own offset, so a batch that overlaps what was counted adds exactly the rest. Any other
 * failure is thrown, and the whole batch is retried.
 */
@Slf4j
@Component
class DeviceSummaryWriter {

	static final String FIRST_MEASURED_AT = "firstMeasuredAt";

	static final String LAST_MEASURED_AT = "lastMeasuredAt";

	static final String LAST_STORED_AT = "lastStoredAt";

	static final String READING_COUNT = "readingCount";

	static final String COUNTED_OFFSETS = "countedOffsets";

	private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

	private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private final MongoCollection<BsonDocument> devices;

	private final MongoCollection<BsonDocument> readings;

	private final boolean enabled;

	private final Timer writeTimer;

	DeviceSummaryWriter(MongoTemplate mongo, PersistenceProperties properties, MeterRegistry registry) {
		this.devices = mongo.getDb().getCollection(properties.devices().collection(), BsonDocument.class);
		this.readings = mongo.getDb().getCollection(properties.collection(), BsonDocument.class);
		this.enabled = properties.devices().enabled();
		this.writeTimer = Timer.builder("telemetry.persistence.devices.write")
			.description("Latency of one batch's device summary updates, until MongoDB acknowledged them")
			.publishPercentileHistogram()
			.register(registry);
	}

	/**
	 * Counts a written batch's stored readings toward their devices.
	 * @param <T> the caller's item type
	 * @param results what the readings write did with each item
	 * @param event the event of an item
	 * @param position where an item was read from Kafka
	 * @param storedAt when the batch stored what it inserted
	 */
	<T> void record(List<WriteResult<T>> results, Function<T, TelemetryEvent> event,
			Function<T, KafkaPosition> position, Instant storedAt) {
		if (!this.enabled || results.isEmpty()) {
			return;
		}
		this.writeTimer.record(() -> {
			Map<String, DeviceUpdates.AlreadyStored> alreadyStored = alreadyStored(results, event);
			List<DeviceUpdate> updates = DeviceUpdates.of(results, event, position, storedAt, alreadyStored);
			if (!updates.isEmpty()) {
				apply(updates);
			}
		});
	}

	// What the stored readings of the batch's duplicates say about the record that stored
	// them: one query by _id, only when the batch has duplicates.
	private <T> Map<String, DeviceUpdates.AlreadyStored> alreadyStored(List<WriteResult<T>> results,
			Function<T, TelemetryEvent> event) {
		List<String> duplicates = new ArrayList<>();
		for (WriteResult<T> result : results) {
			if (result.status() == WriteResult.Status.DUPLICATE) {
				duplicates.add(event.apply(result.source()).eventId());
			}
		}
		if (duplicates.isEmpty()) {
			return Map.of();
		}
		Map<String, DeviceUpdates.AlreadyStored> stored = new HashMap<>();
		this.readings.find(Filters.in("_id", duplicates))
			.projection(Projections.include(ReadingDocuments.KAFKA, "storedAt"))
			.forEach((document) -> stored.put(document.getString("_id").getValue(), alreadyStored(document)));
		return stored;
	}

	static DeviceUpdates.AlreadyStored alreadyStored(BsonDocument reading) {
		BsonValue kafka = reading.get(ReadingDocuments.KAFKA);
		KafkaPosition position = (kafka != null && kafka.isDocument())
				? new KafkaPosition(kafka.asDocument().getNumber("partition").intValue(),
						kafka.asDocument().getNumber("offset").longValue())
				: null;
		BsonValue storedAt = reading.get("storedAt");
		return new DeviceUpdates.AlreadyStored(position, (storedAt != null && storedAt.isDateTime())
				? Instant.ofEpochMilli(storedAt.asDateTime().getValue()) : null);
	}

	private void apply(List<DeviceUpdate> updates) {
		List<DeviceUpdate> counted;
		try {
			this.devices.bulkWrite(updates.stream().map(DeviceSummaryWriter::countingUpsert).toList(), UNORDERED);
			return;
		}
		catch (MongoBulkWriteException ex) {
			counted = partlyCounted(updates, ex);
		}
		log.debug("{} of {} device updates overlap readings counted before (a redelivery or replay); "
				+ "counting them reading by reading", counted.size(), updates.size());
		List<WriteModel<BsonDocument>> models = new ArrayList<>();
		counted.forEach((update) -> models.addAll(readingByReading(update)));
		this.devices.bulkWrite(models, ORDERED);
	}

	/**
	 * The updates of a failed bulk write whose condition did not hold: the device's
	 * summary has counted a reading at or after the update's first offset.
	 * @param updates the updates, in the order of the bulk write
	 * @param failure the failure
	 * @return the updates that failed with a duplicate key on the device id
	 * @throws MongoBulkWriteException {@code failure} itself when any update failed for
	 * another reason or the write concern failed: the batch is retried
	 */
	static List<DeviceUpdate> partlyCounted(List<DeviceUpdate> updates, MongoBulkWriteException failure) {
		if (failure.getWriteConcernError() != null || failure.getWriteErrors().isEmpty()) {
			throw failure;
		}
		List<DeviceUpdate> partlyCounted = new ArrayList<>();
		for (BulkWriteError error : failure.getWriteErrors()) {
			if (error.getCode() != MongoReadingWriter.DUPLICATE_KEY) {
				throw failure;
			}
			partlyCounted.add(updates.get(error.getIndex()));
		}
		return partlyCounted;
	}

	/**
	 * The one upsert of a device and partition: applies the measurement and storage
	 * times, and counts the update's readings only if none of them was counted before,
	 * i.e. while the summary's counted offset of the partition is below the first offset
	 * (or absent), raising it to the last offset in the same atomic update.
	 * @param update the update
	 * @return the upsert
	 */
	static UpdateOneModel<BsonDocument> countingUpsert(DeviceUpdate update) {
		BsonDocument filter = notCountedFrom(update, update.firstOffset());
		BsonDocument changes = times(update);
		changes.getDocument("$max").put(update.countedOffsetField(), new BsonInt64(update.lastOffset()));
		changes.put("$inc", new BsonDocument(READING_COUNT, new BsonInt64(update.offsets().size())));
		return new UpdateOneModel<>(filter, changes, UPSERT);
	}

	/**
	 * The updates of a device whose summary already counted some of the readings: the
	 * times, applied unconditionally (idempotent), then one conditional increment per
	 * reading in offset order, each counting only if its offset is above the counted one.
	 * @param update the update
	 * @return the writes, to be applied in order
	 */
	static List<WriteModel<BsonDocument>> readingByReading(DeviceUpdate update) {
		List<WriteModel<BsonDocument>> models = new ArrayList<>(update.offsets().size() + 1);
		models.add(new UpdateOneModel<>(new BsonDocument("_id", new BsonString(update.deviceId())), times(update),
				UPSERT));
		for (long offset : update.offsets()) {
			models.add(new UpdateOneModel<>(notCountedFrom(update, offset),
					new BsonDocument("$inc", new BsonDocument(READING_COUNT, new BsonInt64(1))).append("$max",
							new BsonDocument(update.countedOffsetField(), new BsonInt64(offset)))));
		}
		return models;
	}

	private static BsonDocument notCountedFrom(DeviceUpdate update, long offset) {
		return new BsonDocument("_id", new BsonString(update.deviceId())).append(update.countedOffsetField(),
				new BsonDocument("$not", new BsonDocument("$gte", new BsonInt64(offset))));
	}

	private static BsonDocument times(DeviceUpdate update) {
		return new BsonDocument("$min", new BsonDocument(FIRST_MEASURED_AT, date(update.firstMeasuredAt())))
			.append("$max", new BsonDocument(LAST_MEASURED_AT, date(update.lastMeasuredAt())).append(LAST_STORED_AT,
					date(update.lastStoredAt())));
	}

	private static BsonDateTime date(Instant instant) {
		return new BsonDateTime(instant.toEpochMilli());
	}

}
