package io.telemetrypipeline.benchmarks.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.telemetrypipeline.benchmarks.peer.ConnectorPeer.WriteModel;
import io.telemetrypipeline.model.PipelineNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Runs the MongoDB Kafka sink connector against a real Kafka broker and a MongoDB wire
 * server, in both write models.
 */
class ConnectorPeerIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(ConnectorPeerIntegrationTests.class);

	private static final String TOPIC = PipelineNames.EVENTS_TOPIC;

	private static final int DEVICES = 200;

	private static final int EVENTS_PER_DEVICE = 10;

	private static EmbeddedKafkaKraftBroker kafka;

	private static MongoServer mongoServer;

	private static MongoClient mongo;

	private static Set<String> eventIds;

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@BeforeAll
	static void startServers() throws Exception {
		kafka = new EmbeddedKafkaKraftBroker(1, 6, TOPIC);
		kafka.afterPropertiesSet();
		mongoServer = new MongoServer(new MemoryBackend());
		mongoServer.bind("127.0.0.1", 0);
		mongo = MongoClients.create(mongoUri());
		eventIds = produceEvents();
	}

	@AfterAll
	static void stopServers() {
		if (mongo != null) {
			mongo.close();
		}
		if (mongoServer != null) {
			mongoServer.shutdownNow();
		}
		if (kafka != null) {
			kafka.destroy();
		}
	}

	@Test
	void insertsEveryEventOnceWithItsEventIdAsDocumentId() {
		storesEveryEventOnce(WriteModel.INSERT, "readings_insert");
	}

	@Test
	void upsertsEveryEventOnceWithItsEventIdAsDocumentId() {
		storesEveryEventOnce(WriteModel.UPSERT, "readings_upsert");
	}

	private void storesEveryEventOnce(WriteModel model, String collectionName) {
		MongoCollection<Document> collection = mongo.getDatabase("telemetry").getCollection(collectionName);
		Instant started = Instant.now();
		try (ConnectorPeer peer = ConnectorPeer.start(kafka.getBrokersAsString(), mongoUri(), "telemetry",
				collectionName, TOPIC, 2, model, this.workDir)) {
			Instant running = Instant.now();
			assertThat(ProcessHandle.of(peer.pid()))
				.hasValueSatisfying((process) -> assertThat(process.isAlive()).isTrue());
			waitAtMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
				.until(() -> collection.countDocuments() >= eventIds.size());
			Instant stored = Instant.now();
			log.info("{}: worker running after {} ms, {} events stored {} ms later ({} events/s)", model,
					Duration.between(started, running).toMillis(), eventIds.size(),
					Duration.between(running, stored).toMillis(),
					eventIds.size() * 1000L / Math.max(1, Duration.between(running, stored).toMillis()));
		}
		List<Document> documents = collection.find().into(new ArrayList<>());
		assertThat(documents).hasSize(eventIds.size());
		assertThat(documents).extracting((document) -> document.getString("_id"))
			.containsExactlyInAnyOrderElementsOf(eventIds);
		assertThat(documents).allSatisfy((document) -> {
			String eventId = document.getString("_id");
			assertThat(document.get("schemaVersion", Number.class).intValue()).isEqualTo(1);
			assertThat(eventId).startsWith(document.getString("deviceId") + "/");
			assertThat(document.getString("measuredAt")).startsWith("2026-11-24T");
			assertThat(document.get("readings", Document.class).getDouble("temperature")).isBetween(15.0, 30.0);
			assertThat(document.get("origin", Document.class).getString("sqsMessageId")).isEqualTo("msg-" + eventId);
			assertThat(document).doesNotContainKey("eventId");
		});
	}

	private static Set<String> produceEvents() throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.LINGER_MS_CONFIG,
				5);
		Set<String> ids = new HashSet<>();
		List<Future<RecordMetadata>> sends = new ArrayList<>();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			for (int sequence = 0; sequence < EVENTS_PER_DEVICE; sequence++) {
				for (int device = 0; device < DEVICES; device++) {
					String deviceId = "d-" + device;
					String eventId = deviceId + "/" + sequence;
					ids.add(eventId);
					sends.add(producer.send(new ProducerRecord<>(TOPIC, deviceId, event(deviceId, eventId, sequence))));
				}
			}
			for (Future<RecordMetadata> send : sends) {
				send.get();
			}
		}
		return Set.copyOf(ids);
	}

	private static String event(String deviceId, String eventId, int sequence) {
		return """
				{"schemaVersion":1,"eventId":"%s","deviceId":"%s","measuredAt":"2026-11-24T10:%02d:30Z",\
				"readings":{"temperature":%s},"tags":{},\
				"origin":{"sqsMessageId":"msg-%s","receivedAt":"2026-11-24T10:15:30.123Z"}}""".formatted(eventId,
				deviceId, sequence, 15.0 + (eventId.hashCode() & 0xff) / 20.0, eventId);
	}

	private static String mongoUri() {
		return "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort();
	}

}
