package io.telemetrypipeline.persistence.store;

import java.time.Duration;
import java.util.List;

import io.telemetrypipeline.persistence.config.PersistenceProperties;
import lombok.extern.slf4j.Slf4j;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.stereotype.Component;

/**
 * Creates the indexes at startup: device id + measurement time + event id (both
 * descending) for the readings API, which sorts and pages in that order, and, when a
 * retention is configured, a TTL index on {@code storedAt}. The former device id +
 * measurement time index is dropped once its successor exists (the successor serves every
 * query it served). A TTL index whose expiry differs from the configuration is replaced;
 * one left over after retention was turned off is dropped.
 */
@Slf4j
@Component
class ReadingIndexes implements ApplicationRunner {

	static final String DEVICE_TIME_INDEX = "deviceId_1_measuredAt_-1__id_-1";

	static final String FORMER_DEVICE_TIME_INDEX = "deviceId_1_measuredAt_-1";

	static final String RETENTION_INDEX = "storedAt_ttl";

	private final MongoTemplate mongo;

	private final PersistenceProperties properties;

	ReadingIndexes(MongoTemplate mongo, PersistenceProperties properties) {
		this.mongo = mongo;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		IndexOperations indexes = this.mongo.indexOps(this.properties.collection());
		indexes.createIndex(new Index().on("deviceId", Sort.Direction.ASC)
			.on("measuredAt", Sort.Direction.DESC)
			.on("_id", Sort.Direction.DESC)
			.named(DEVICE_TIME_INDEX));
		List<IndexInfo> infos = indexes.getIndexInfo();
		if (infos.stream().anyMatch((info) -> FORMER_DEVICE_TIME_INDEX.equals(info.getName()))) {
			dropFormerIndex(indexes);
		}
		Duration retention = this.properties.retention();
		IndexInfo existing = infos.stream()
			.filter((info) -> RETENTION_INDEX.equals(info.getName()))
			.findFirst()
			.orElse(null);
		boolean matches = existing != null && retention != null
				&& existing.getExpireAfter().map(retention::equals).orElse(false);
		if (existing != null && !matches) {
			indexes.dropIndex(RETENTION_INDEX);
			log.info("Dropped retention index {} (expiry {})", RETENTION_INDEX, existing.getExpireAfter().orElse(null));
		}
		if (retention != null && !matches) {
			indexes
				.createIndex(new Index().on("storedAt", Sort.Direction.ASC).expire(retention).named(RETENTION_INDEX));
			log.info("Readings expire {} after they were stored", retention);
		}
	}

	private static void dropFormerIndex(IndexOperations indexes) {
		try {
			indexes.dropIndex(FORMER_DEVICE_TIME_INDEX);
			log.info("Dropped index {}: {} serves its queries", FORMER_DEVICE_TIME_INDEX, DEVICE_TIME_INDEX);
		}
		catch (DataAccessException ex) {
			// e.g. a role without dropIndex: the index only costs its upkeep on writes
			log.warn("Could not drop the former index {} ({}); {} serves its queries, so drop it by hand",
					FORMER_DEVICE_TIME_INDEX, ex.getMessage(), DEVICE_TIME_INDEX);
		}
	}

}
