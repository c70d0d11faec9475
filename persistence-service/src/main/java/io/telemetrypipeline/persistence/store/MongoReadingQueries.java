package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;

import io.telemetrypipeline.persistence.config.PersistenceProperties;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads a device's readings from MongoDB, newest measurement first, served by the device
 * id + measurement time index.
 */
@Component
class MongoReadingQueries implements ReadingQueries {

	private final MongoTemplate mongo;

	private final String collection;

	MongoReadingQueries(MongoTemplate mongo, PersistenceProperties properties) {
		this.mongo = mongo;
		this.collection = properties.collection();
	}

	@Override
	public List<ReadingDocument> find(String deviceId, Instant from, Instant to, int limit) {
		Criteria criteria = Criteria.where("deviceId").is(deviceId);
		if (from != null || to != null) {
			Criteria time = criteria.and("measuredAt");
			if (from != null) {
				time.gte(from);
			}
			if (to != null) {
				time.lt(to);
			}
		}
		Query query = Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "measuredAt")).limit(limit);
		return this.mongo.find(query, ReadingDocument.class, this.collection);
	}

}
