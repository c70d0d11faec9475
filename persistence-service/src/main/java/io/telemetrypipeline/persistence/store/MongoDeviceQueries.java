package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the device summaries from MongoDB: one by its {@code _id}, pages in {@code _id}
 * order after a device id, and the count of silent devices, served by the
 * {@code lastStoredAt} index. Each query is bounded by the client's operation timeout; a
 * MongoDB that is unreachable or does not answer in time is reported as
 * {@link ReadingsUnavailableException}.
 */
@Component
class MongoDeviceQueries implements DeviceQueries {

	private final MongoCollection<Document> devices;

	MongoDeviceQueries(MongoTemplate mongo, PersistenceProperties properties) {
		this.devices = mongo.getDb().getCollection(properties.devices().collection());
	}

	@Override
	public Optional<DeviceSummary> find(String deviceId) {
		return query("the summary of device '" + deviceId + "'",
				() -> Optional.ofNullable(this.devices.find(Filters.eq("_id", deviceId)).first())
					.map(MongoDeviceQueries::summary));
	}

	@Override
	public List<DeviceSummary> find(String after, Instant storedBefore, Set<String> only, int limit) {
		List<Bson> filters = new ArrayList<>();
		if (after != null) {
			filters.add(Filters.gt("_id", after));
		}
		if (only != null) {
			filters.add(Filters.in("_id", only));
		}
		if (storedBefore != null) {
			filters.add(Filters.lt(DeviceSummaryWriter.LAST_STORED_AT, Date.from(storedBefore)));
		}
		Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
		return query("a page of device summaries", () -> {
			List<DeviceSummary> page = new ArrayList<>(limit);
			this.devices.find(filter)
				.sort(Sorts.ascending("_id"))
				.limit(limit)
				.forEach((document) -> page.add(summary(document)));
			return page;
		});
	}

	@Override
	public long countStoredBefore(Instant storedBefore) {
		return query("the count of silent devices", () -> this.devices
			.countDocuments(Filters.lt(DeviceSummaryWriter.LAST_STORED_AT, Date.from(storedBefore))));
	}

	@Override
	public long count() {
		return query("the count of devices", this.devices::estimatedDocumentCount);
	}

	static DeviceSummary summary(Document document) {
		Number count = document.get(DeviceSummaryWriter.READING_COUNT, Number.class);
		return new DeviceSummary(document.getString("_id"), instant(document, DeviceSummaryWriter.FIRST_MEASURED_AT),
				instant(document, DeviceSummaryWriter.LAST_MEASURED_AT),
				instant(document, DeviceSummaryWriter.LAST_STORED_AT), (count != null) ? count.longValue() : 0);
	}

	private static Instant instant(Document document, String field) {
		Date date = document.getDate(field);
		return (date != null) ? date.toInstant() : null;
	}

	private static <R> R query(String what, Supplier<R> query) {
		try {
			return query.get();
		}
		catch (RuntimeException ex) {
			if (MongoReadingQueries.isUnavailable(ex)) {
				throw new ReadingsUnavailableException("MongoDB did not answer " + what + ": " + ex.getMessage(), ex);
			}
			throw ex;
		}
	}

}
