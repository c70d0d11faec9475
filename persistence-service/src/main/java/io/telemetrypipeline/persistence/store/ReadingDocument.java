package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.Map;

import io.telemetrypipeline.model.TelemetryEvent;

import org.springframework.data.annotation.Id;

/**
 * A stored reading: one canonical event plus the time it was stored. The {@code _id} is
 * the deterministic event id, so storing the same event twice is impossible.
 *
 * @param id the event id
 * @param schemaVersion contract version of the event
 * @param deviceId the device
 * @param measuredAt when the device measured
 * @param readings measurement name to value
 * @param tags string labels
 * @param origin where and when the message entered the pipeline
 * @param storedAt when persistence-service stored it; the TTL field
 */
public record ReadingDocument(@Id String id, int schemaVersion, String deviceId, Instant measuredAt,
		Map<String, Double> readings, Map<String, String> tags, TelemetryEvent.Origin origin, Instant storedAt) {

}
