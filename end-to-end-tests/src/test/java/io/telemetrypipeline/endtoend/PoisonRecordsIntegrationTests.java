package io.telemetrypipeline.endtoend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault scenario 6: records that can never be stored arrive in the middle of a healthy
 * stream. Each goes to the dead-letter topic with the failure in its headers; every
 * reading around them is stored exactly once and the stream never stops.
 */
class PoisonRecordsIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final int LARGE_LIMIT = 32 * 1024 * 1024;

	@Test
	void deadLettersRecordsThatCanNeverBeStoredAndStoresTheStreamAroundThem() throws Exception {
		allowLargeRecords();
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "poison", 10, false);
		try (LocalPipeline pipeline = LocalPipeline.start(servers,
				readings.onQueue(ScenarioReadings.ONE_BATCH_AT_A_TIME))) {
			double deadLetteredBefore = pipeline.count("telemetry.persistence.records.dead.lettered");
			var before = readings.stream(1000, 500);
			before.get();
			String unparseable = readings.deviceId(0) + "-unparseable";
			String invalid = readings.deviceId(0) + "-invalid";
			String oversized = readings.deviceId(0) + "-oversized";
			publish(Map.of(unparseable, "{not json".getBytes(StandardCharsets.UTF_8), invalid,
					("{\"schemaVersion\":1,\"eventId\":\"x/1\",\"deviceId\":\"" + readings.deviceId(0)
							+ "\",\"measuredAt\":\"2026-11-01T00:00:00Z\",\"readings\":{\"$where\":1},"
							+ "\"origin\":{\"receivedAt\":\"2026-11-01T00:00:00Z\"}}")
						.getBytes(StandardCharsets.UTF_8),
					oversized, oversizedEvent(readings.deviceId(0))));
			readings.stream(1000, 500).get();

			readings.awaitStoredExactlyOnce(Duration.ofSeconds(90));
			List<ConsumerRecord<String, byte[]>> deadLetters = KafkaRecords.read(servers.kafkaBootstrapServers(),
					PipelineNames.DEAD_LETTER_TOPIC,
					(record) -> record.key() != null && record.key().startsWith("poison-"), 3, Duration.ofSeconds(30));
			assertThat(deadLetters).extracting(ConsumerRecord::key)
				.containsExactlyInAnyOrder(unparseable, invalid, oversized);
			assertThat(deadLetters).allSatisfy((record) -> {
				assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(PipelineNames.EVENTS_TOPIC);
				assertThat(header(record, "kafka_dlt-exception-fqcn")).isNotBlank();
			});
			assertThat(deadLetters).filteredOn((record) -> record.key().equals(invalid))
				.singleElement()
				.satisfies((record) -> assertThat(header(record, "kafka_dlt-exception-message"))
					.contains("starts with '$'"));
			assertThat(deadLetters).filteredOn((record) -> record.key().equals(oversized))
				.singleElement()
				.satisfies((record) -> assertThat(header(record, "kafka_dlt-exception-message"))
					.contains("MongoDB cannot store this document"));
			assertThat(pipeline.count("telemetry.persistence.records.dead.lettered") - deadLetteredBefore).isEqualTo(3);
		}
		readings.assertPerDeviceOrderInKafka();
	}

	/**
	 * An event that is valid by the contract but whose document exceeds MongoDB's 16 MiB.
	 */
	private static byte[] oversizedEvent(String device) {
		StringBuilder json = new StringBuilder(20 * 1024 * 1024);
		json.append("{\"schemaVersion\":1,\"eventId\":\"")
			.append(device)
			.append("/huge\",\"deviceId\":\"")
			.append(device)
			.append("\",\"measuredAt\":\"")
			.append(Instant.parse("2026-11-01T00:00:00Z"))
			.append("\",\"readings\":{");
		for (int i = 0; i < 1_100_000; i++) {
			json.append((i > 0) ? "," : "").append("\"r").append(i).append("\":1.5");
		}
		json.append("},\"origin\":{\"receivedAt\":\"2026-11-01T00:00:00Z\"}}");
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void allowLargeRecords() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
			AlterConfigOp raise = new AlterConfigOp(
					new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(LARGE_LIMIT)),
					AlterConfigOp.OpType.SET);
			admin
				.incrementalAlterConfigs(Map.of(
						new ConfigResource(ConfigResource.Type.TOPIC, PipelineNames.EVENTS_TOPIC), List.of(raise),
						new ConfigResource(ConfigResource.Type.TOPIC, PipelineNames.DEAD_LETTER_TOPIC), List.of(raise)))
				.all()
				.get();
		}
	}

	private static void publish(Map<String, byte[]> records) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers());
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, LARGE_LIMIT);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			records
				.forEach((key, value) -> producer.send(new ProducerRecord<>(PipelineNames.EVENTS_TOPIC, key, value)));
			producer.flush();
		}
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
