package io.telemetrypipeline.endtoend;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Ports;
import io.telemetrypipeline.infrastructure.Provisioning;
import io.telemetrypipeline.infrastructure.Server;
import io.telemetrypipeline.infrastructure.iot.DeviceCredentials;
import io.telemetrypipeline.infrastructure.iot.LocalIotCore;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The first half of the system as devices see it: devices publish over MQTT with TLS and
 * their own certificates to the local IoT Core stand-in, whose rule forwards to a FIFO
 * ingest queue (each device its message group), and the whole pipeline stores what they
 * measured. Every reading is stored exactly once, in order per device; the identity the
 * certificate proves, not the payload's, decides whose reading it is; and nothing a
 * device published is lost while SQS is down, since its publish is acknowledged only once
 * SQS accepted it.
 */
class MqttDevicesIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final String QUEUE = "mqtt-devices.fifo";

	static final Instant BASE = Instant.parse("2026-11-25T00:00:00Z");

	@TempDir
	static Path directory;

	static LocalIotCore iotCore;

	static LocalPipeline pipeline;

	static MongoClient mongo;

	@BeforeAll
	static void start() {
		Provisioning.createQueue(servers, InfrastructureSettings.forTests(), QUEUE, "mqtt-devices-dlq.fifo");
		iotCore = LocalIotCore.start(Ports.free(), directory, servers, QUEUE);
		pipeline = LocalPipeline.start(servers, Map.of("server.port", "0", "telemetry.ingest.queue", QUEUE));
		mongo = MongoClients.create(servers.mongoUri());
	}

	@AfterAll
	static void stop() {
		if (pipeline != null) {
			pipeline.close();
		}
		if (iotCore != null) {
			iotCore.close();
		}
		if (mongo != null) {
			mongo.close();
		}
	}

	@Test
	void storesEveryReadingOfSeveralDevicesExactlyOnceAndInOrderPerDevice() throws Exception {
		int devices = 6;
		int perDevice = 40;
		List<Mqtt3AsyncClient> clients = new ArrayList<>();
		List<CompletableFuture<Mqtt3Publish>> acknowledged = new ArrayList<>();
		Map<String, Double> expected = new HashMap<>();
		for (int device = 0; device < devices; device++) {
			clients.add(connected(iotCore.registerDevice("mqtt-%02d".formatted(device))));
		}
		for (int n = 0; n < perDevice; n++) {
			for (int device = 0; device < devices; device++) {
				String thing = "mqtt-%02d".formatted(device);
				double temperature = device * 100 + n * 0.5;
				acknowledged.add(publish(clients.get(device), thing, reading(thing, "m-" + n, n, temperature)));
				expected.put(thing + "/m-" + n, temperature);
			}
		}
		CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		disconnect(clients);

		Map<String, Document> stored = awaitStored("^mqtt-\\d\\d$", devices * perDevice);
		assertThat(stored.keySet()).isEqualTo(expected.keySet());
		stored.forEach((eventId, document) -> {
			String thing = eventId.substring(0, eventId.indexOf('/'));
			int n = Integer.parseInt(eventId.substring(eventId.indexOf("/m-") + 3));
			assertThat(document.getString("deviceId")).isEqualTo(thing);
			assertThat(document.getDate("measuredAt").toInstant()).isEqualTo(BASE.plusSeconds(n));
			assertThat(document.get("readings", Document.class))
				.containsExactlyEntriesOf(Map.of("temperature", expected.get(eventId)));
		});
		assertInOrderPerDeviceInKafka(devices, perDevice);
	}

	@Test
	void rejectsAReadingWhosePayloadNamesAnotherDeviceThanItsCertificateAndStoresNothing() throws Exception {
		DeviceCredentials liar = iotCore.registerDevice("mqtt-liar");
		Mqtt3AsyncClient client = connected(liar);
		String body = reading("mqtt-victim", "forged-1", 1, 66.6);
		publish(client, "mqtt-liar", body).get(10, TimeUnit.SECONDS);
		disconnect(List.of(client));

		List<ConsumerRecord<String, byte[]>> rejected = KafkaRecords.read(servers.kafkaBootstrapServers(),
				PipelineNames.REJECTED_TOPIC,
				(record) -> new String(record.value(), StandardCharsets.UTF_8).contains("\"forged-1\""), 1,
				Duration.ofSeconds(30));
		assertThat(rejected).hasSize(1);
		assertThat(new String(rejected.get(0).headers().lastHeader("telemetry-rejection-reason").value(),
				StandardCharsets.UTF_8))
			.isEqualTo("identity-mismatch");
		assertThat(new String(rejected.get(0).value(), StandardCharsets.UTF_8)).contains("\"clientId\":\"mqtt-liar\"");
		MongoCollection<Document> readings = mongo.getDatabase("telemetry").getCollection("readings");
		assertThat(readings
			.countDocuments(new Document("deviceId", new Document("$in", List.of("mqtt-victim", "mqtt-liar")))))
			.isZero();
	}

	@Test
	void acknowledgesNoPublishWhileSqsIsDownAndLosesNothingOnceItIsBack() throws Exception {
		DeviceCredentials device = iotCore.registerDevice("mqtt-outage");
		Mqtt3AsyncClient client = iotCore.deviceClient(device)
			.automaticReconnect()
			.initialDelay(100, TimeUnit.MILLISECONDS)
			.maxDelay(1, TimeUnit.SECONDS)
			.applyAutomaticReconnect()
			.buildAsync();
		client.connectWith().cleanSession(false).send().get(10, TimeUnit.SECONDS);
		int readings = 20;
		List<CompletableFuture<Mqtt3Publish>> acknowledged = new ArrayList<>();
		servers.faults().stop(Server.SQS);
		try {
			for (int n = 0; n < readings; n++) {
				acknowledged.add(publish(client, "mqtt-outage", reading("mqtt-outage", "o-" + n, n, n)));
			}
			CompletableFuture<Void> all = CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new));
			assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> all.get(5, TimeUnit.SECONDS));
			assertThat(acknowledged).noneMatch(CompletableFuture::isDone);
		}
		finally {
			servers.faults().start(Server.SQS);
		}
		CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		disconnect(List.of(client));

		Map<String, Document> stored = awaitStored("^mqtt-outage$", readings);
		assertThat(stored.keySet()).hasSize(readings)
			.allSatisfy((eventId) -> assertThat(eventId).matches("mqtt-outage/o-\\d+"));
		waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(servers.messagesOn(QUEUE)).isZero());
		assertThat(servers.messagesOn("mqtt-devices-dlq.fifo")).isZero();
	}

	private Map<String, Document> awaitStored(String devicePattern, int count) {
		MongoCollection<Document> readings = mongo.getDatabase("telemetry").getCollection("readings");
		Document ofDevices = new Document("deviceId", new Document("$regex", devicePattern));
		waitAtMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(readings.countDocuments(ofDevices)).isEqualTo(count));
		Map<String, Document> byId = new LinkedHashMap<>();
		readings.find(ofDevices).forEach((document) -> byId.put(document.getString("_id"), document));
		return byId;
	}

	private void assertInOrderPerDeviceInKafka(int devices, int perDevice) {
		List<ConsumerRecord<String, byte[]>> records = KafkaRecords.read(servers.kafkaBootstrapServers(),
				PipelineNames.EVENTS_TOPIC, (record) -> record.key().matches("mqtt-\\d\\d"), devices * perDevice,
				Duration.ofSeconds(30));
		Map<String, List<Instant>> byDevice = ScenarioReadings.measuredOrderByDevice(records);
		assertThat(byDevice).hasSize(devices);
		byDevice.forEach(
				(device, firstOccurrences) -> assertThat(firstOccurrences).as("order of device %s in Kafka", device)
					.hasSize(perDevice)
					.isSorted());
	}

	private static String reading(String deviceId, String messageId, int n, double temperature) {
		return "{\"deviceId\":\"%s\",\"messageId\":\"%s\",\"timestamp\":\"%s\",\"readings\":{\"temperature\":%s}}"
			.formatted(deviceId, messageId, BASE.plusSeconds(n), temperature);
	}

	private static Mqtt3AsyncClient connected(DeviceCredentials device) throws Exception {
		Mqtt3AsyncClient client = iotCore.deviceClient(device).buildAsync();
		client.connect().get(10, TimeUnit.SECONDS);
		return client;
	}

	private static CompletableFuture<Mqtt3Publish> publish(Mqtt3AsyncClient client, String thing, String payload) {
		return client.publishWith()
			.topic("devices/" + thing + "/telemetry")
			.qos(MqttQos.AT_LEAST_ONCE)
			.payload(payload.getBytes(StandardCharsets.UTF_8))
			.send();
	}

	private static void disconnect(List<Mqtt3AsyncClient> clients) {
		CompletableFuture.allOf(clients.stream().map(Mqtt3AsyncClient::disconnect).toArray(CompletableFuture[]::new))
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
	}

}
