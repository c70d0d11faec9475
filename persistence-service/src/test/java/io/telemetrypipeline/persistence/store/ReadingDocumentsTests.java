package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.telemetrypipeline.model.TelemetryEvent;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingDocumentsTests {

	private static final Instant STORED = Instant.parse("2026-11-24T10:15:32.500Z");

	private static final KafkaPosition POSITION = new KafkaPosition(3, 42);

	@Test
	void storesEveryFieldOfTheEventUnderItsEventIdWithTheKafkaPositionOfItsRecord() {
		Map<String, Double> readings = new LinkedHashMap<>();
		readings.put("temperature", 21.5);
		readings.put("humidity", 40.0);
		TelemetryEvent event = new TelemetryEvent(1, "d1/m1", "d1", Instant.parse("2026-11-24T10:15:30.123Z"), readings,
				Map.of("site", "plant-1"), new TelemetryEvent.Origin("sqs-1", Instant.parse("2026-11-24T10:15:31Z"),
						"devices/d1/telemetry", "d1"));

		BsonDocument document = ReadingDocuments.of(event, POSITION, STORED);

		assertThat(document.toJson())
			.isEqualTo("{\"_id\": \"d1/m1\", \"schemaVersion\": 1, \"deviceId\": \"d1\", \"measuredAt\": {\"$date\": "
					+ "\"2026-11-24T10:15:30.123Z\"}, \"readings\": {\"temperature\": 21.5, \"humidity\": 40.0}, "
					+ "\"tags\": {\"site\": \"plant-1\"}, \"origin\": {\"sqsMessageId\": \"sqs-1\", \"receivedAt\": "
					+ "{\"$date\": \"2026-11-24T10:15:31Z\"}, \"topic\": \"devices/d1/telemetry\", \"clientId\": "
					+ "\"d1\"}, \"kafka\": {\"partition\": 3, \"offset\": 42}, \"storedAt\": {\"$date\": "
					+ "\"2026-11-24T10:15:32.5Z\"}}");
	}

	@Test
	void omitsAbsentOriginFields() {
		TelemetryEvent event = new TelemetryEvent(1, "d1/m1", "d1", Instant.parse("2026-11-24T10:15:30Z"),
				Map.of("t", 1.0), Map.of(),
				new TelemetryEvent.Origin(null, Instant.parse("2026-11-24T10:15:31Z"), null, null));

		BsonDocument origin = ReadingDocuments.of(event, POSITION, STORED).getDocument("origin");

		assertThat(origin.keySet()).containsExactly("receivedAt");
		assertThat(ReadingDocuments.of(event, POSITION, STORED).getDocument("tags")).isEmpty();
	}

}
