package io.telemetrypipeline.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

@SpringBootTest(classes = PersistenceServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "telemetry.persistence.retention=30d")
class PersistenceServiceIntegrationTests {

	static final PipelineInfrastructure infrastructure = SharedInfrastructure.get();

	static final TokenIssuer issuer = TokenIssuer.generate();

	static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		infrastructure.springProperties().forEach((key, value) -> registry.add(key, () -> value));
		issuer.resourceServerProperties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	MongoTemplate mongo;

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	@Test
	void storesEachEventOnceAndDeadLettersRecordsThatCanNeverBeStored() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<TelemetryEvent> events = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			events.add(event("store-" + run + "-" + (i % 3), "m" + i, BASE.plusSeconds(i), i));
		}
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		events.forEach((event) -> records.add(record(event.deviceId(), this.codec.encode(event))));
		events.subList(0, 10).forEach((event) -> records.add(record(event.deviceId(), this.codec.encode(event))));
		records.add(record("store-" + run + "-0", "not json".getBytes(StandardCharsets.UTF_8)));
		records.add(record("store-" + run + "-0",
				("{\"schemaVersion\":2,\"eventId\":\"x\",\"deviceId\":\"store-" + run + "-0\"}")
					.getBytes(StandardCharsets.UTF_8)));
		send(records);

		Query ofRun = Query.query(Criteria.where("deviceId").regex("^store-" + run));
		waitAtMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.mongo.count(ofRun, "readings")).isEqualTo(30));
		List<ConsumerRecord<String, byte[]>> deadLetters = KafkaRecords.read(infrastructure.kafkaBootstrapServers(),
				PipelineNames.DEAD_LETTER_TOPIC, (record) -> record.key().startsWith("store-" + run), 2,
				Duration.ofSeconds(30));

		assertThat(deadLetters).hasSize(2);
		assertThat(deadLetters).allSatisfy((record) -> {
			assertThat(header(record, "kafka_dlt-exception-message")).contains("not a valid telemetry event");
			assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(PipelineNames.EVENTS_TOPIC);
		});
		assertThat(deadLetters).anySatisfy((record) -> assertThat(header(record, "kafka_dlt-exception-message"))
			.contains("unsupported schemaVersion 2"));
		Document stored = this.mongo.getCollection("readings")
			.find(new Document("_id", "store-" + run + "-1/m7"))
			.first();
		assertThat(stored).isNotNull();
		assertThat(stored.getString("deviceId")).isEqualTo("store-" + run + "-1");
		assertThat(stored.getDate("measuredAt").toInstant()).isEqualTo(BASE.plusSeconds(7));
		assertThat(stored.get("readings", Document.class)).containsEntry("temperature", 7.0);
		assertThat(stored.get("tags", Document.class)).containsEntry("site", "plant-1");
		assertThat(stored.getDate("storedAt")).isNotNull();
		String metrics = management().get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(metric(metrics, "telemetry_persistence_records_duplicates_total")).isGreaterThanOrEqualTo(10);
		assertThat(metric(metrics, "telemetry_persistence_records_written_total")).isGreaterThanOrEqualTo(30);
		assertThat(metrics).contains("telemetry_persistence_records_dead_lettered_total")
			.contains("telemetry_persistence_bulk_write_seconds_bucket")
			.contains("telemetry_persistence_batch_size_records_bucket")
			.contains("telemetry_pipeline_latency_seconds_bucket");
	}

	@Test
	void servesReadingsNewestFirstWithinATimeRange() {
		String device = "api-" + UUID.randomUUID().toString().substring(0, 8);
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			records.add(record(device, this.codec.encode(event(device, "m" + i, BASE.plusSeconds(60L * i), i))));
		}
		send(records);
		waitAtMost(Duration.ofSeconds(30)).untilAsserted(
				() -> assertThat(this.mongo.count(Query.query(Criteria.where("deviceId").is(device)), "readings"))
					.isEqualTo(10));

		List<Map<String, Object>> page = readings("/api/devices/" + device + "/readings?from=" + BASE.plusSeconds(120)
				+ "&to=" + BASE.plusSeconds(480) + "&limit=3");
		assertThat(page).extracting((reading) -> reading.get("eventId"))
			.containsExactly(device + "/m7", device + "/m6", device + "/m5");
		assertThat(readings("/api/devices/" + device + "/readings")).hasSize(10);
		Map<String, Object> latest = http().get()
			.uri("/api/devices/" + device + "/readings/latest")
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
		assertThat(latest).containsEntry("eventId", device + "/m9")
			.containsEntry("measuredAt", BASE.plusSeconds(540).toString())
			.containsEntry("readings", Map.of("temperature", 9.0));
	}

	@Test
	void answersBadParametersWith400AndUnknownDevicesWith404() {
		assertThat(status("/api/devices/d1/readings?limit=0")).isEqualTo(400);
		assertThat(status("/api/devices/d1/readings?limit=100000")).isEqualTo(400);
		assertThat(status("/api/devices/d1/readings?from=yesterday")).isEqualTo(400);
		assertThat(status("/api/devices/d1/readings?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z")).isEqualTo(400);
		assertThat(status("/api/devices/bad$device/readings")).isEqualTo(400);
		assertThat(status("/api/devices/never-seen/readings/latest")).isEqualTo(404);
		assertThat(http().get().uri("/api/devices/d1/readings?limit=0").retrieve().onStatus((s) -> true, (q, r) -> {
		}).body(String.class)).contains("'limit' must be between 1 and 1000");
	}

	@Test
	void createsIndexesAndReportsReadiness() {
		assertThat(this.mongo.indexOps("readings").getIndexInfo())
			.anySatisfy((index) -> assertThat(index.getName()).isEqualTo("deviceId_1_measuredAt_-1"))
			.anySatisfy((index) -> {
				assertThat(index.getName()).isEqualTo("storedAt_ttl");
				assertThat(index.getExpireAfter()).contains(Duration.ofDays(30));
			});
		String operator = issuer.token("operator", List.of("actuator:read"), null, Duration.ofMinutes(5));
		String readiness = management().get()
			.uri("/actuator/health/readiness")
			.headers((headers) -> headers.setBearerAuth(operator))
			.retrieve()
			.body(String.class);
		assertThat(readiness).contains("\"status\":\"UP\"").contains("\"mongo\"").doesNotContain("\"kafka\"");
	}

	private TelemetryEvent event(String device, String messageId, Instant measuredAt, int value) {
		return new TelemetryEvent(1, device + "/" + messageId, device, measuredAt,
				Map.of("temperature", (double) value), Map.of("site", "plant-1"),
				new TelemetryEvent.Origin("sqs-" + messageId, Instant.now(), null, null));
	}

	private static ProducerRecord<String, byte[]> record(String key, byte[] value) {
		return new ProducerRecord<>(PipelineNames.EVENTS_TOPIC, key, value);
	}

	private static void send(List<ProducerRecord<String, byte[]>> records) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			records.forEach(producer::send);
			producer.flush();
		}
	}

	/** A client of the readings API with a token of scope readings:read. */
	private RestClient http() {
		String token = issuer.token("test", List.of("readings:read"), null, Duration.ofMinutes(5));
		return RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeaders((headers) -> headers.setBearerAuth(token))
			.build();
	}

	private RestClient management() {
		return RestClient.create("http://localhost:" + this.managementPort);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> readings(String uri) {
		return http().get().uri(uri).retrieve().body(List.class);
	}

	private int status(String uri) {
		ResponseEntity<Void> response = http().get().uri(uri).retrieve().onStatus(HttpStatusCode::isError, (q, r) -> {
		}).toBodilessEntity();
		return response.getStatusCode().value();
	}

	private static double metric(String scrape, String name) {
		return scrape.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
