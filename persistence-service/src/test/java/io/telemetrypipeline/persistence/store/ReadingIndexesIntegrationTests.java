package io.telemetrypipeline.persistence.store;

import java.time.Duration;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexes against the MongoDB wire server, on a collection created as an earlier
 * version left it: the device id + measurement time index gives way to its successor with
 * the event id, which the cursor's order needs, and the device summaries get their
 * {@code lastStoredAt} index.
 */
class ReadingIndexesIntegrationTests {

	static final PipelineInfrastructure infrastructure = SharedInfrastructure.get();

	static MongoClient client;

	static MongoTemplate mongo;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(infrastructure.mongoUri());
		mongo = new MongoTemplate(client, "telemetry");
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Test
	void replacesTheFormerDeviceTimeIndexWithItsSuccessorAndIndexesTheDeviceSummaries() {
		String collection = "readings-" + UUID.randomUUID().toString().substring(0, 8);
		mongo.indexOps(collection)
			.createIndex(new Index().on("deviceId", Sort.Direction.ASC)
				.on("measuredAt", Sort.Direction.DESC)
				.named(ReadingIndexes.FORMER_DEVICE_TIME_INDEX));
		PersistenceProperties properties = properties(collection);

		new ReadingIndexes(mongo, properties).run(null);
		new DeviceIndexes(mongo, properties).run(null);
		new ReadingIndexes(mongo, properties).run(null);

		assertThat(mongo.indexOps(collection).getIndexInfo()).extracting(IndexInfo::getName)
			.containsExactlyInAnyOrder("_id_", ReadingIndexes.DEVICE_TIME_INDEX);
		assertThat(mongo.indexOps(collection + "-devices").getIndexInfo()).extracting(IndexInfo::getName)
			.contains(DeviceIndexes.LAST_STORED_INDEX);
	}

	private static PersistenceProperties properties(String collection) {
		return new PersistenceProperties(collection, null, Duration.ofSeconds(5), Duration.ofSeconds(10),
				Duration.ofSeconds(3),
				new PersistenceProperties.Retry(Duration.ofMillis(500), 2, Duration.ofSeconds(10)),
				new PersistenceProperties.Api(100, 1000, "readings:read", "devices", Duration.ofSeconds(5)),
				new PersistenceProperties.Devices(collection + "-devices", true, Duration.ofMinutes(10),
						Duration.ofSeconds(30)));
	}

}
