package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.telemetrypipeline.persistence.config.PersistenceProperties;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads a device's readings from MongoDB, newest measurement first (ties by event id,
 * greater first), served by the device id + measurement time + event id index: a page
 * after a position is one index range, however deep into the device's readings it is.
 * Each query is bounded by the client's operation timeout
 * ({@code telemetry.persistence.mongo-operation-timeout}); a MongoDB that is unreachable
 * or does not answer in time is reported as {@link ReadingsUnavailableException}.
 */
@Component
class MongoReadingQueries implements ReadingQueries {

	/** The order of {@link ReadingIndexes#DEVICE_TIME_INDEX} after its device id. */
	private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "measuredAt")
		.and(Sort.by(Sort.Direction.DESC, "_id"));

	private final MongoTemplate mongo;

	private final String collection;

	MongoReadingQueries(MongoTemplate mongo, PersistenceProperties properties) {
		this.mongo = mongo;
		this.collection = properties.collection();
	}

	@Override
	public List<ReadingDocument> find(String deviceId, Instant from, Instant to, ReadingPosition after, int limit) {
		Criteria criteria = Criteria.where("deviceId").is(deviceId);
		if (from != null || to != null || after != null) {
			Criteria time = criteria.and("measuredAt");
			if (from != null) {
				time.gte(from);
			}
			if (to != null) {
				time.lt(to);
			}
			if (after != null) {
				// One index range up to the position's instant; among the readings
				// measured
				// at that instant, only those with a smaller event id (read from the
				// index
				// keys, no document fetched for the others).
				time.lte(after.measuredAt());
				criteria.orOperator(Criteria.where("measuredAt").lt(after.measuredAt()),
						Criteria.where("_id").lt(after.eventId()));
			}
		}
		Query query = Query.query(criteria).with(NEWEST_FIRST).limit(limit);
		try {
			return this.mongo.find(query, ReadingDocument.class, this.collection);
		}
		catch (DataAccessException ex) {
			if (isUnavailable(ex)) {
				throw new ReadingsUnavailableException(
						"MongoDB did not answer the readings query of device '" + deviceId + "': " + ex.getMessage(),
						ex);
			}
			throw ex;
		}
	}

	/**
	 * Whether a failed query means that MongoDB is unavailable for now rather than that
	 * the query is wrong: no server reachable, a connection failed, or the operation ran
	 * out of time on the client or the server.
	 * @param failure what the query threw
	 * @return whether retrying later may succeed
	 */
	static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof MongoTimeoutException
					|| cause instanceof MongoExecutionTimeoutException || cause instanceof MongoSocketException) {
				return true;
			}
		}
		return false;
	}

}
