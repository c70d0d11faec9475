package io.telemetrypipeline.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical telemetry event that ingest-service publishes to Kafka and
 * persistence-service stores: one device's readings at one instant.
 * <p>
 * Valid by construction: the compact constructor enforces the structural rules of
 * {@link FieldRules}, so a decoded event that breaks the contract cannot exist. The
 * {@code eventId} is deterministic (see {@link EventIds}), which is what makes storage
 * idempotent.
 *
 * @param schemaVersion version of this contract, {@link #SCHEMA_VERSION}
 * @param eventId deterministic id, the MongoDB {@code _id}
 * @param deviceId the device that measured the readings
 * @param measuredAt when the device measured them
 * @param readings measurement name to finite numeric value, never empty
 * @param tags optional string labels, never null
 * @param origin where and when the message entered the pipeline
 */
public record TelemetryEvent(int schemaVersion, String eventId, String deviceId, Instant measuredAt,
		Map<String, Double> readings, Map<String, String> tags, Origin origin) {

	/** The contract version this code writes and reads. */
	public static final int SCHEMA_VERSION = 1;

	public TelemetryEvent {
		if (schemaVersion != SCHEMA_VERSION) {
			throw new IllegalArgumentException(
					"unsupported schemaVersion " + schemaVersion + "; this code reads version " + SCHEMA_VERSION);
		}
		requireValid(FieldRules.checkEventId(eventId));
		requireValid(FieldRules.checkDeviceId(deviceId));
		Objects.requireNonNull(measuredAt, "measuredAt is required");
		Objects.requireNonNull(readings, "readings is required");
		if (readings.isEmpty()) {
			throw new IllegalArgumentException("readings must not be empty");
		}
		readings.forEach((name, value) -> {
			requireValid(FieldRules.checkFieldName("reading", name));
			if (value == null || !Double.isFinite(value)) {
				throw new IllegalArgumentException("reading '" + name + "' must be a finite number");
			}
		});
		tags = (tags != null) ? tags : Map.of();
		tags.forEach((name, value) -> {
			requireValid(FieldRules.checkFieldName("tag", name));
			Objects.requireNonNull(value, () -> "tag '" + name + "' must not be null");
		});
		Objects.requireNonNull(origin, "origin is required");
		readings = Collections.unmodifiableMap(new LinkedHashMap<>(readings));
		tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
	}

	private static void requireValid(String violation) {
		if (violation != null) {
			throw new IllegalArgumentException(violation);
		}
	}

	/**
	 * Where and when a message entered the pipeline.
	 *
	 * @param sqsMessageId id of the SQS message that carried the reading
	 * @param receivedAt when SQS received the message (its {@code SentTimestamp}), the
	 * start of the end-to-end latency
	 * @param topic MQTT topic, when the IoT rule added {@code topic()}
	 * @param clientId MQTT client id, when the IoT rule added {@code clientid()}
	 */
	public record Origin(String sqsMessageId, Instant receivedAt, String topic, String clientId) {

		public Origin {
			Objects.requireNonNull(receivedAt, "origin.receivedAt is required");
		}

	}

}
