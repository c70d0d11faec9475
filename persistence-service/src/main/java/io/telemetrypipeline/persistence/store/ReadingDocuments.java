package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.Map;

import io.telemetrypipeline.model.TelemetryEvent;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * The stored shape of a reading, built straight from the event (no mapping framework on
 * the write path): {@code _id} = event id, {@code schemaVersion}, {@code deviceId},
 * {@code measuredAt}, {@code readings}, {@code tags}, {@code origin} (its absent fields
 * omitted), {@code kafka} (the partition and offset of the record that stored it) and
 * {@code storedAt}, the TTL field. {@link ReadingDocument} reads the same shape back from
 * MongoDB.
 */
final class ReadingDocuments {

	static final String KAFKA = "kafka";

	private ReadingDocuments() {
	}

	static BsonDocument of(TelemetryEvent event, KafkaPosition position, Instant storedAt) {
		BsonDocument document = new BsonDocument("_id", new BsonString(event.eventId()));
		document.put("schemaVersion", new BsonInt32(event.schemaVersion()));
		document.put("deviceId", new BsonString(event.deviceId()));
		document.put("measuredAt", date(event.measuredAt()));
		BsonDocument readings = new BsonDocument();
		for (Map.Entry<String, Double> reading : event.readings().entrySet()) {
			readings.put(reading.getKey(), new BsonDouble(reading.getValue()));
		}
		document.put("readings", readings);
		BsonDocument tags = new BsonDocument();
		for (Map.Entry<String, String> tag : event.tags().entrySet()) {
			tags.put(tag.getKey(), new BsonString(tag.getValue()));
		}
		document.put("tags", tags);
		document.put("origin", origin(event.origin()));
		document.put(KAFKA, new BsonDocument("partition", new BsonInt32(position.partition())).append("offset",
				new BsonInt64(position.offset())));
		document.put("storedAt", date(storedAt));
		return document;
	}

	private static BsonDocument origin(TelemetryEvent.Origin origin) {
		BsonDocument document = new BsonDocument();
		putIfPresent(document, "sqsMessageId", origin.sqsMessageId());
		document.put("receivedAt", date(origin.receivedAt()));
		putIfPresent(document, "topic", origin.topic());
		putIfPresent(document, "clientId", origin.clientId());
		return document;
	}

	private static void putIfPresent(BsonDocument document, String name, String value) {
		if (value != null) {
			document.put(name, new BsonString(value));
		}
	}

	private static BsonDateTime date(Instant instant) {
		return new BsonDateTime(instant.toEpochMilli());
	}

}
