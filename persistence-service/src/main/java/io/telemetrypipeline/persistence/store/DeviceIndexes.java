package io.telemetrypipeline.persistence.store;

import io.telemetrypipeline.persistence.config.PersistenceProperties;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Creates the index of the device summaries at startup: {@code lastStoredAt}, for the
 * count of silent devices and the devices API's {@code silentFor} filter. Pages in device
 * id order use the {@code _id} index.
 */
@Component
class DeviceIndexes implements ApplicationRunner {

	static final String LAST_STORED_INDEX = "lastStoredAt_1";

	private final MongoTemplate mongo;

	private final String collection;

	DeviceIndexes(MongoTemplate mongo, PersistenceProperties properties) {
		this.mongo = mongo;
		this.collection = properties.devices().collection();
	}

	@Override
	public void run(ApplicationArguments args) {
		this.mongo.indexOps(this.collection)
			.createIndex(
					new Index().on(DeviceSummaryWriter.LAST_STORED_AT, Sort.Direction.ASC).named(LAST_STORED_INDEX));
	}

}
