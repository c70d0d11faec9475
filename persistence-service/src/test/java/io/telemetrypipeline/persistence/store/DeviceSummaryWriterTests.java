package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The device summary writes as MongoDB receives them: one conditional upsert per device
 * and partition that counts only while nothing at or after its first offset was counted,
 * the reading-by-reading increments used when it was, and which failures of the bulk
 * write mean "partly counted before" (a duplicate key on the device id) rather than a
 * failure to retry.
 */
class DeviceSummaryWriterTests {

	private static final ServerAddress SERVER = new ServerAddress("mongo.example", 27017);

	private static final Instant FIRST = Instant.parse("2026-11-24T10:00:00Z");

	private static final Instant LAST = Instant.parse("2026-11-24T10:05:00Z");

	private static final Instant STORED = Instant.parse("2026-11-24T10:05:01Z");

	private static final DeviceUpdate UPDATE = new DeviceUpdate("sensor-42", 3, List.of(100L, 101L, 105L), FIRST, LAST,
			STORED);

	@Test
	void countsTheBatchInOneUpsertOnlyWhileNoneOfItsOffsetsWasCounted() {
		UpdateOneModel<BsonDocument> upsert = DeviceSummaryWriter.countingUpsert(UPDATE);

		assertThat(upsert.getOptions().isUpsert()).isTrue();
		assertThat((BsonDocument) upsert.getFilter()).isEqualTo(new BsonDocument("_id", new BsonString("sensor-42"))
			.append("countedOffsets.p3", new BsonDocument("$not", new BsonDocument("$gte", new BsonInt64(100)))));
		assertThat((BsonDocument) upsert.getUpdate())
			.isEqualTo(new BsonDocument("$min", new BsonDocument("firstMeasuredAt", date(FIRST)))
				.append("$max",
						new BsonDocument("lastMeasuredAt", date(LAST)).append("lastStoredAt", date(STORED))
							.append("countedOffsets.p3", new BsonInt64(105)))
				.append("$inc", new BsonDocument("readingCount", new BsonInt64(3))));
	}

	@Test
	void countsAPartlyCountedBatchReadingByReadingInOffsetOrderAfterApplyingItsTimes() {
		List<WriteModel<BsonDocument>> models = DeviceSummaryWriter.readingByReading(UPDATE);

		assertThat(models).hasSize(4);
		UpdateOneModel<BsonDocument> times = (UpdateOneModel<BsonDocument>) models.get(0);
		assertThat(times.getOptions().isUpsert()).isTrue();
		assertThat((BsonDocument) times.getFilter()).isEqualTo(new BsonDocument("_id", new BsonString("sensor-42")));
		assertThat(((BsonDocument) times.getUpdate()).keySet()).containsExactly("$min", "$max");
		assertThat(models.subList(1, 4)).extracting((model) -> (UpdateOneModel<BsonDocument>) model)
			.allSatisfy((increment) -> assertThat(increment.getOptions().isUpsert()).isFalse())
			.extracting((increment) -> ((BsonDocument) increment.getFilter()).getDocument("countedOffsets.p3")
				.getDocument("$not")
				.getInt64("$gte")
				.getValue())
			.containsExactly(100L, 101L, 105L);
		assertThat((BsonDocument) ((UpdateOneModel<BsonDocument>) models.get(3)).getUpdate())
			.isEqualTo(new BsonDocument("$inc", new BsonDocument("readingCount", new BsonInt64(1))).append("$max",
					new BsonDocument("countedOffsets.p3", new BsonInt64(105))));
	}

	@Test
	void treatsADuplicateKeyOnTheDeviceIdAsAPartlyCountedDevice() {
		DeviceUpdate other = new DeviceUpdate("sensor-43", 3, List.of(7L), FIRST, LAST, STORED);
		MongoBulkWriteException failure = bulkFailure(List.of(error(1, MongoReadingWriter.DUPLICATE_KEY)), null);

		assertThat(DeviceSummaryWriter.partlyCounted(List.of(UPDATE, other), failure)).containsExactly(other);
	}

	@Test
	void rethrowsAnyOtherFailureOfTheBulkWriteSoTheBatchIsRetried() {
		MongoBulkWriteException otherError = bulkFailure(
				List.of(error(0, MongoReadingWriter.DUPLICATE_KEY), error(1, 121)), null);
		MongoBulkWriteException concern = bulkFailure(List.of(error(0, MongoReadingWriter.DUPLICATE_KEY)),
				new WriteConcernError(64, "WriteConcernFailed", "timeout", new BsonDocument()));

		assertThatException().isThrownBy(() -> DeviceSummaryWriter.partlyCounted(List.of(UPDATE, UPDATE), otherError))
			.isSameAs(otherError);
		assertThatException().isThrownBy(() -> DeviceSummaryWriter.partlyCounted(List.of(UPDATE), concern))
			.isSameAs(concern);
	}

	@Test
	void readsTheKafkaPositionAndStorageTimeOfAStoredReading() {
		BsonDocument reading = new BsonDocument("_id", new BsonString("d/m1"))
			.append("kafka", new BsonDocument("partition", new BsonInt32(3)).append("offset", new BsonInt64(100)))
			.append("storedAt", date(STORED));

		assertThat(DeviceSummaryWriter.alreadyStored(reading))
			.isEqualTo(new DeviceUpdates.AlreadyStored(new KafkaPosition(3, 100), STORED));
		assertThat(DeviceSummaryWriter.alreadyStored(new BsonDocument("_id", new BsonString("d/m0"))))
			.isEqualTo(new DeviceUpdates.AlreadyStored(null, null));
	}

	private static BsonDateTime date(Instant instant) {
		return new BsonDateTime(instant.toEpochMilli());
	}

	private static BulkWriteError error(int index, int code) {
		return new BulkWriteError(code, "E" + code, new BsonDocument(), index);
	}

	private static MongoBulkWriteException bulkFailure(List<BulkWriteError> errors, WriteConcernError concern) {
		return new MongoBulkWriteException(BulkWriteResult.unacknowledged(), errors, concern, SERVER, Set.of());
	}

}
