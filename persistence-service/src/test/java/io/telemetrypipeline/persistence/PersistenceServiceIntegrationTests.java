package io.telemetrypipeline.persistence;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.persistence.store.DeviceQueries;
import io.telemetrypipeline.persistence.store.KafkaPosition;
import io.telemetrypipeline.persistence.store.ReadingWriter;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * persistence-service against the real servers (a Kafka broker and the MongoDB wire
 * server): events consumed from Kafka are stored once each and counted once each in their
 * device's summary, what can never be stored is dead-lettered, and the readings and
 * devices API answer over HTTP: a day of one device's readings read page by page through
 * the {@code Link} cursor, each once and in order while new readings are stored; the
 * device summaries page by page in id order and filtered by silence; the silent-devices
 * gauge in a Prometheus scrape.
 */
@SpringBootTest(classes = PersistenceServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "telemetry.persistence.retention=30d",
				"telemetry.persistence.devices.silence-check-interval=200ms" })
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

	@Autowired
	DeviceQueries devices;

	@Autowired
	ReadingWriter writer;

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
		assertThat(stored.get("kafka", Document.class)).containsKeys("partition", "offset");
		// the 10 events sent twice were stored once, and are counted once
		waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (int d = 0; d < 3; d++) {
				assertThat(this.devices.find("store-" + run + "-" + d)).hasValueSatisfying((summary) -> {
					assertThat(summary.readingCount()).isEqualTo(10);
					assertThat(summary.firstMeasuredAt()).isBefore(summary.lastMeasuredAt());
				});
			}
		});
		assertThat(this.devices.find("store-" + run + "-1").orElseThrow().lastMeasuredAt())
			.isEqualTo(BASE.plusSeconds(28));
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
	void readsADayOfOneDevicePageByPageEachReadingOnceAndInOrderWhileNewReadingsArrive() throws Exception {
		String device = "cursor-" + UUID.randomUUID().toString().substring(0, 8);
		Instant day = Instant.parse("2026-11-21T00:00:00Z");
		// 1,440 readings over the day, two per minute measured at the same instant (ties)
		List<TelemetryEvent> before = new ArrayList<>();
		for (int i = 0; i < 1440; i++) {
			before.add(event(device, "m" + i, day.plusSeconds(60L * (i / 2)), i));
		}
		writeDirectly(before, 0);
		AtomicInteger arrived = new AtomicInteger();
		ScheduledExecutorService newReadings = Executors.newSingleThreadScheduledExecutor();
		newReadings.scheduleWithFixedDelay(() -> {
			int n = arrived.getAndIncrement();
			// one inside the day (ahead of or behind the cursor) and one after it
			writeDirectly(List.of(event(device, "late" + n, day.plusSeconds((n * 7919L) % 86_400), n),
					event(device, "next" + n, day.plusSeconds(86_400L + n), n)), 10_000 + 2 * n);
		}, 0, 20, TimeUnit.MILLISECONDS);
		List<Map<String, Object>> read = new ArrayList<>();
		int pages = 0;
		try {
			String next = "/api/devices/" + device + "/readings?from=" + day + "&to=" + day.plusSeconds(86_400)
					+ "&limit=100";
			while (next != null) {
				ResponseEntity<List<Map<String, Object>>> page = http().get()
					.uri(URI.create("http://localhost:" + this.port + next))
					.retrieve()
					.toEntity(new ParameterizedTypeReference<List<Map<String, Object>>>() {
					});
				read.addAll(page.getBody());
				pages++;
				next = nextLink(page.getHeaders().getFirst(HttpHeaders.LINK));
			}
		}
		finally {
			newReadings.shutdownNow();
			newReadings.awaitTermination(10, TimeUnit.SECONDS);
		}

		assertThat(arrived.get()).as("readings stored while paging").isPositive();
		assertThat(pages).isGreaterThanOrEqualTo(15);
		List<String> ids = read.stream().map((reading) -> (String) reading.get("eventId")).toList();
		assertThat(ids).doesNotHaveDuplicates()
			.containsAll(before.stream().map(TelemetryEvent::eventId).toList())
			.noneMatch((id) -> id.contains("/next"));
		for (int i = 1; i < read.size(); i++) {
			Instant previous = Instant.parse((String) read.get(i - 1).get("measuredAt"));
			Instant current = Instant.parse((String) read.get(i).get("measuredAt"));
			assertThat(current.isBefore(previous)
					|| (current.equals(previous) && ids.get(i).compareTo(ids.get(i - 1)) < 0))
				.as("%s (%s) comes after %s (%s)", ids.get(i), current, ids.get(i - 1), previous)
				.isTrue();
		}
	}

	@Test
	void listsDeviceSummariesPageByPageInIdOrderAndFiltersTheSilentOnes() {
		String prefix = "list-" + UUID.randomUUID().toString().substring(0, 8);
		Instant now = Instant.now();
		List<String> ids = new ArrayList<>();
		List<String> silent = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			String id = prefix + "-" + i;
			boolean old = i % 2 == 0;
			storeSummary(id, old ? now.minus(Duration.ofHours(1)) : now, 10 + i);
			ids.add(id);
			if (old) {
				silent.add(id);
			}
		}
		List<String> listed = new ArrayList<>(ids);
		listed.add(prefix + "-unknown");
		String owner = issuer.token("fleet-owner", List.of("readings:read"), listed, Duration.ofMinutes(5));

		List<List<String>> pages = devicePages("/api/devices?limit=3", owner);
		assertThat(pages).containsExactly(ids.subList(0, 3), ids.subList(3, 6), ids.subList(6, 7));
		assertThat(devicePages("/api/devices?silentFor=PT10M&limit=3", owner)).containsExactly(silent.subList(0, 3),
				silent.subList(3, 4));
		String other = issuer.token("other", List.of("readings:read"), List.of(prefix + "-x"), Duration.ofMinutes(5));
		assertThat(devicePages("/api/devices", other)).containsExactly(List.of());
		Map<String, Object> one = http().get()
			.uri("/api/devices/" + ids.get(3))
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
		assertThat(one).containsEntry("deviceId", ids.get(3))
			.containsEntry("readingCount", 13)
			.containsEntry("firstMeasuredAt", BASE.toString())
			.containsEntry("lastMeasuredAt", BASE.plusSeconds(3600).toString());
	}

	@Test
	void countsTheSilentDevicesInAGaugeThatAScrapeShows() {
		String prefix = "gauge-" + UUID.randomUUID().toString().substring(0, 8);
		storeSummary(prefix + "-silent-1", Instant.now().minus(Duration.ofHours(2)), 1);
		storeSummary(prefix + "-silent-2", Instant.now().minus(Duration.ofMinutes(11)), 1);
		storeSummary(prefix + "-alive", Instant.now(), 1);
		MongoCollection<Document> summaries = this.mongo.getCollection("devices");

		waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			long silentNow = summaries
				.countDocuments(Filters.lt("lastStoredAt", Date.from(Instant.now().minus(Duration.ofMinutes(10)))));
			String scrape = management().get().uri("/actuator/prometheus").retrieve().body(String.class);
			assertThat(metric(scrape, "telemetry_persistence_devices_silent")).isGreaterThanOrEqualTo(2)
				.isEqualTo(silentNow);
			assertThat(metric(scrape, "telemetry_persistence_devices_known"))
				.isEqualTo(summaries.estimatedDocumentCount());
		});
	}

	@Test
	void answersBadParametersWith400AndUnknownDevicesWith404() {
		assertThat(status("/api/devices/d1/readings?limit=0")).isEqualTo(400);
		assertThat(status("/api/devices/d1/readings?limit=100000")).isEqualTo(400);
		assertThat(status("/api/devices/d1/readings?from=yesterday")).isEqualTo(400);
		assertThat(status("/api/devices/d1/readings?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z")).isEqualTo(400);
		assertThat(status("/api/devices/bad$device/readings")).isEqualTo(400);
		assertThat(status("/api/devices/never-seen/readings/latest")).isEqualTo(404);
		assertThat(status("/api/devices/never-seen")).isEqualTo(404);
		assertThat(status("/api/devices?silentFor=10m")).isEqualTo(400);
		assertThat(status("/api/devices/d1/readings?cursor=abc")).isEqualTo(400);
		assertThat(http().get().uri("/api/devices/d1/readings?limit=0").retrieve().onStatus((s) -> true, (q, r) -> {
		}).body(String.class)).contains("'limit' must be between 1 and 1000");
	}

	@Test
	void createsIndexesAndReportsReadiness() {
		assertThat(this.mongo.indexOps("devices").getIndexInfo())
			.anySatisfy((index) -> assertThat(index.getName()).isEqualTo("lastStoredAt_1"));
		assertThat(this.mongo.indexOps("readings").getIndexInfo())
			.noneSatisfy((index) -> assertThat(index.getName()).isEqualTo("deviceId_1_measuredAt_-1"))
			.anySatisfy((index) -> {
				assertThat(index.getName()).isEqualTo("deviceId_1_measuredAt_-1__id_-1");
				assertThat(index.getIndexFields()).extracting((field) -> field.getKey())
					.containsExactly("deviceId", "measuredAt", "_id");
			})
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

	private void writeDirectly(List<TelemetryEvent> events, long firstOffset) {
		List<KafkaPosition> positions = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			positions.add(new KafkaPosition(0, firstOffset + i));
		}
		List<Integer> indexes = IntStream.range(0, events.size()).boxed().toList();
		this.writer.write(indexes, events::get, positions::get);
	}

	/** A device summary as persistence-service stores it (docs/readings.md). */
	private void storeSummary(String deviceId, Instant lastStoredAt, long count) {
		this.mongo.getCollection("devices")
			.insertOne(new Document("_id", deviceId).append("firstMeasuredAt", Date.from(BASE))
				.append("lastMeasuredAt", Date.from(BASE.plusSeconds(3600)))
				.append("lastStoredAt", Date.from(lastStoredAt))
				.append("readingCount", count)
				.append("countedOffsets", new Document("p0", 41L)));
	}

	/** The device ids of each page, following the Link headers from {@code first}. */
	private List<List<String>> devicePages(String first, String token) {
		List<List<String>> pages = new ArrayList<>();
		RestClient client = RestClient.builder().defaultHeaders((headers) -> headers.setBearerAuth(token)).build();
		String next = first;
		while (next != null) {
			ResponseEntity<List<Map<String, Object>>> page = client.get()
				.uri(URI.create("http://localhost:" + this.port + next))
				.retrieve()
				.toEntity(new ParameterizedTypeReference<List<Map<String, Object>>>() {
				});
			pages.add(page.getBody().stream().map((device) -> (String) device.get("deviceId")).toList());
			next = nextLink(page.getHeaders().getFirst(HttpHeaders.LINK));
		}
		return pages;
	}

	private static String nextLink(String link) {
		if (link == null) {
			return null;
		}
		assertThat(link).startsWith("</api/devices").endsWith(">; rel=\"next\"");
		return link.substring(1, link.indexOf('>'));
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
