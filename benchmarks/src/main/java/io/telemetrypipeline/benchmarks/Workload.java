package io.telemetrypipeline.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.telemetrypipeline.model.TelemetryEvent;
import org.bson.Document;

/**
 * The readings of one stage: {@code count} readings spread round-robin over
 * {@code devices} devices whose ids start with the stage's prefix, each with a
 * {@code messageId}, so the event id ({@code deviceId/messageId}) of every reading is
 * known in advance and the stage can check that each arrived exactly once.
 *
 * @param prefix device id prefix, unique per stage
 * @param readings the readings
 */
record Workload(String prefix, List<Reading> readings) {

	private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");

	static Workload of(String prefix, int count, int devices) {
		List<Reading> readings = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			readings.add(new Reading("%s-%04d".formatted(prefix, i % devices), "m" + i, BASE.plusMillis(i),
					20.0 + (i % 100) * 0.1, null));
		}
		return new Workload(prefix, readings);
	}

	int size() {
		return this.readings.size();
	}

	Set<String> eventIds() {
		Set<String> ids = new LinkedHashSet<>();
		this.readings.forEach((reading) -> ids.add(reading.eventId()));
		return ids;
	}

	/**
	 * How many readings each device of the workload sent.
	 * @return device id to its reading count
	 */
	Map<String, Long> readingsPerDevice() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.readings.forEach((reading) -> counts.merge(reading.deviceId(), 1L, Long::sum));
		return counts;
	}

	List<String> bodies() {
		return this.readings.stream().map(Reading::body).toList();
	}

	/**
	 * One reading as a device sends it.
	 *
	 * @param deviceId the device
	 * @param messageId the device's message id
	 * @param measuredAt the measurement time
	 * @param temperature the one reading
	 * @param scheduledAt when the paced load scheduled its send, carried as a tag;
	 * {@code null} outside the paced phase
	 */
	record Reading(String deviceId, String messageId, Instant measuredAt, double temperature, Instant scheduledAt) {

		static final String SCHEDULED_TAG = "scheduledAt";

		String eventId() {
			return this.deviceId + "/" + this.messageId;
		}

		/**
		 * The SQS message body, as the IoT rule writes it: with the device's
		 * {@code clientId}.
		 */
		String body() {
			String tags = (this.scheduledAt != null)
					? "{\"site\":\"bench\",\"" + SCHEDULED_TAG + "\":\"" + this.scheduledAt + "\"}"
					: "{\"site\":\"bench\"}";
			return "{\"deviceId\":\"%s\",\"messageId\":\"%s\",\"timestamp\":\"%s\",\"readings\":{\"temperature\":%s},\"tags\":%s,\"clientId\":\"%1$s\"}"
				.formatted(this.deviceId, this.messageId, this.measuredAt, this.temperature, tags);
		}

		/** The canonical event ingest-service would publish for this reading. */
		TelemetryEvent event(Instant receivedAt) {
			return new TelemetryEvent(TelemetryEvent.SCHEMA_VERSION, eventId(), this.deviceId, this.measuredAt,
					Map.of("temperature", this.temperature), Map.of("site", "bench"),
					new TelemetryEvent.Origin("bench-" + this.messageId, receivedAt, null, this.deviceId));
		}

		/** The document persistence-service would store for this reading. */
		Document document(Instant receivedAt, Instant storedAt) {
			return new Document("_id", eventId()).append("schemaVersion", TelemetryEvent.SCHEMA_VERSION)
				.append("deviceId", this.deviceId)
				.append("measuredAt", Date.from(this.measuredAt))
				.append("readings", new Document("temperature", this.temperature))
				.append("tags", new Document("site", "bench"))
				.append("origin",
						new Document("sqsMessageId", "bench-" + this.messageId)
							.append("receivedAt", Date.from(receivedAt))
							.append("clientId", this.deviceId))
				.append("kafka", new Document("partition", 0).append("offset", 0L))
				.append("storedAt", Date.from(storedAt));
		}

	}

}
