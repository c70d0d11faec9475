package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.telemetrypipeline.persistence.config.PersistenceProperties;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads a device's readings, newest measurement first, served by the device id +
 * measurement time index.
 */
@Component
public class ReadingQueries {

	private final MongoTemplate mongo;

	private final String collection;

	ReadingQueries(MongoTemplate mongo, PersistenceProperties properties) {
		this.mongo = mongo;
		this.collection = properties.collection();
	}

	/**
	 * Finds readings measured in {@code [from, to)}.
	 * @param deviceId the device
	 * @param from inclusive lower bound, or {@code null}
	 * @param to exclusive upper bound, or {@code null}
	 * @param limit most readings to return
	 * @return the readings, newest first
	 */
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

	/**
	 * Finds the newest reading of a device.
	 * @param deviceId the device
	 * @return the reading with the latest measurement time, if any
	 */
	public Optional<ReadingDocument> latest(String deviceId) {
		return find(deviceId, null, null, 1).stream().findFirst();
	}

}
