package io.telemetrypipeline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

// Long polls of 1 s, not 10: the cached context closes at the JVM's exit, and closing
// waits for the polls in flight
@SpringBootTest(classes = IngestServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "telemetry.ingest.listener.poll-timeout=1s")
class IngestServiceIntegrationTests {

	static final PipelineInfrastructure infrastructure = SharedInfrastructure.get();

	static final String QUEUE = PipelineNames.INGEST_QUEUE;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		infrastructure.springProperties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	HealthEndpoint health;

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	@Test
	void publishesEachValidReadingKeyedByDeviceAndDeletesItFromTheQueue() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> bodies = IntStream.range(0, 40)
			.mapToObj((
					i) -> "{\"deviceId\":\"dev-%s-%d\",\"messageId\":\"m%d\",\"timestamp\":%d,\"readings\":{\"temperature\":%d.5},\"tags\":{\"site\":\"s1\"},\"clientId\":\"dev-%1$s-%2$d\"}"
						.formatted(run, i % 4, i, 1_764_000_000_000L + i, i))
			.toList();
		send(bodies);

		List<ConsumerRecord<String, byte[]>> records = KafkaRecords.read(infrastructure.kafkaBootstrapServers(),
				PipelineNames.EVENTS_TOPIC, (record) -> record.key().startsWith("dev-" + run), 40,
				Duration.ofSeconds(30));

		assertThat(records).hasSize(40);
		Map<String, TelemetryEvent> events = records.stream()
			.map((record) -> this.codec.decode(record.value()))
			.collect(Collectors.toMap(TelemetryEvent::eventId, Function.identity()));
		assertThat(events).hasSize(40);
		TelemetryEvent third = events.get("dev-" + run + "-3/m3");
		assertThat(third.deviceId()).isEqualTo("dev-" + run + "-3");
		assertThat(third.measuredAt()).isEqualTo(Instant.ofEpochMilli(1_764_000_000_003L));
		assertThat(third.readings()).containsExactly(Map.entry("temperature", 3.5));
		assertThat(third.tags()).containsExactly(Map.entry("site", "s1"));
		assertThat(third.origin().sqsMessageId()).isNotBlank();
		assertThat(third.origin().receivedAt()).isAfter(Instant.now().minus(Duration.ofMinutes(1)));
		for (ConsumerRecord<String, byte[]> record : records) {
			assertThat(this.codec.decode(record.value()).deviceId()).isEqualTo(record.key());
		}
		Map<String, List<Integer>> partitionsByDevice = records.stream()
			.collect(Collectors.groupingBy(ConsumerRecord::key,
					Collectors.mapping(ConsumerRecord::partition, Collectors.toList())));
		partitionsByDevice.values().forEach((partitions) -> assertThat(partitions).containsOnly(partitions.get(0)));
		waitAtMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(infrastructure.messagesOn(QUEUE)).isZero());
	}

	@Test
	void publishesInvalidInputToTheRejectedTopicWithTheOriginalBodyAndReason() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String device = "\"deviceId\":\"bad-" + run + "\",\"clientId\":\"bad-" + run + "\"";
		String badJson = "{" + device + ",";
		String dollarKey = "{" + device + ",\"timestamp\":1764000000000,\"readings\":{\"$gt\":1}}";
		String badBase64 = "%%%" + run;
		String wrongType = Base64.getEncoder()
			.encodeToString(
					("{" + device + ",\"timestamp\":true,\"readings\":{\"t\":1}}").getBytes(StandardCharsets.UTF_8));
		String spoofed = "{\"deviceId\":\"victim-" + run + "\",\"clientId\":\"bad-" + run
				+ "\",\"timestamp\":1764000000000,\"readings\":{\"t\":1}}";
		String unauthenticated = "{\"deviceId\":\"bad-" + run
				+ "\",\"timestamp\":1764000000000,\"readings\":{\"t\":1}}";
		send(List.of(badJson, dollarKey, badBase64, wrongType, spoofed, unauthenticated));

		List<ConsumerRecord<String, byte[]>> records = KafkaRecords
			.read(infrastructure.kafkaBootstrapServers(), PipelineNames.REJECTED_TOPIC,
					(record) -> ("bad-" + run).equals(record.key())
							|| new String(record.value(), StandardCharsets.UTF_8).contains(run),
					6, Duration.ofSeconds(30));

		Map<String, String> reasonByBody = records.stream()
			.collect(Collectors.toMap((record) -> new String(record.value(), StandardCharsets.UTF_8),
					(record) -> header(record, "telemetry-rejection-reason")));
		assertThat(reasonByBody).containsOnly(Map.entry(badJson, "malformed-json"),
				Map.entry(dollarKey, "invalid-field-name"), Map.entry(badBase64, "invalid-base64"),
				Map.entry(wrongType, "invalid-timestamp"), Map.entry(spoofed, "identity-mismatch"),
				Map.entry(unauthenticated, "identity-mismatch"));
		ConsumerRecord<String, byte[]> dollar = records.stream()
			.filter((record) -> header(record, "telemetry-rejection-reason").equals("invalid-field-name"))
			.findFirst()
			.orElseThrow();
		assertThat(dollar.key()).isEqualTo("bad-" + run);
		assertThat(header(dollar, "telemetry-rejection-detail")).contains("starts with '$'");
		assertThat(header(dollar, "telemetry-sqs-message-id")).isNotBlank();
		assertThat(records).filteredOn((record) -> new String(record.value(), StandardCharsets.UTF_8).equals(spoofed))
			.singleElement()
			.satisfies((record) -> {
				assertThat(record.key()).isEqualTo("victim-" + run);
				assertThat(header(record, "telemetry-rejection-detail"))
					.isEqualTo("deviceId 'victim-" + run + "' is not the authenticated clientId 'bad-" + run + "'");
			});
		waitAtMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(infrastructure.messagesOn(QUEUE)).isZero());
	}

	@Test
	void publishesABodyNearTheSqsSizeLimitTruncatedAndItsBatchNeighboursAsUsual() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String device = "big-" + run;
		String big = "{\"deviceId\":\"" + device + "\",\"clientId\":\"" + device + "\",\"note\":\""
				+ "n".repeat(1_000_000) + "\"}";
		List<String> neighbours = IntStream.range(0, 3)
			.mapToObj((
					i) -> "{\"deviceId\":\"near-%s-%d\",\"clientId\":\"near-%1$s-%2$d\",\"timestamp\":%d,\"readings\":{\"t\":%2$d}}"
						.formatted(run, i, 1_764_000_000_000L + i))
			.toList();
		send(List.of(neighbours.get(0), big, neighbours.get(1), neighbours.get(2)));

		List<ConsumerRecord<String, byte[]>> events = KafkaRecords.read(infrastructure.kafkaBootstrapServers(),
				PipelineNames.EVENTS_TOPIC, (record) -> record.key().startsWith("near-" + run), 3,
				Duration.ofSeconds(30));
		List<ConsumerRecord<String, byte[]>> rejected = KafkaRecords.read(infrastructure.kafkaBootstrapServers(),
				PipelineNames.REJECTED_TOPIC,
				(record) -> new String(record.value(), StandardCharsets.UTF_8).startsWith("{\"deviceId\":\"" + device),
				1, Duration.ofSeconds(30));

		assertThat(events).extracting(ConsumerRecord::key)
			.containsExactlyInAnyOrder("near-" + run + "-0", "near-" + run + "-1", "near-" + run + "-2");
		assertThat(rejected).singleElement().satisfies((record) -> {
			byte[] full = big.getBytes(StandardCharsets.UTF_8);
			assertThat(record.value()).hasSize(65_536);
			assertThat(big).startsWith(new String(record.value(), StandardCharsets.UTF_8));
			assertThat(record.key()).as("the device id is not read from a body over the size limit").isNull();
			assertThat(header(record, "telemetry-rejection-reason")).isEqualTo("payload-too-large");
			assertThat(header(record, "telemetry-body-length")).isEqualTo(Integer.toString(full.length));
			assertThat(header(record, "telemetry-body-sha256"))
				.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(full)));
		});
		waitAtMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(infrastructure.messagesOn(QUEUE)).isZero());
		assertThat(infrastructure.messagesOn(PipelineNames.INGEST_DEAD_LETTER_QUEUE)).isZero();
	}

	@Test
	void reportsReadinessOfKafkaAndSqsAndExposesPipelineMetrics() {
		send(List.of("not json"));
		RestClient http = RestClient.create("http://localhost:" + this.managementPort);

		String readiness = http.get().uri("/actuator/health/readiness").retrieve().body(String.class);
		assertThat(readiness).as("no details over HTTP").isEqualTo("{\"status\":\"UP\"}");
		assertThat(((CompositeHealthDescriptor) this.health.healthForPath("readiness")).getComponents())
			.containsKeys("kafka", "sqs");
		assertThat(http.get().uri("/actuator/health/liveness").retrieve().body(String.class))
			.contains("\"status\":\"UP\"");
		waitAtMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			String metrics = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
			assertThat(metrics).contains("telemetry_ingest_messages_received_total")
				.contains("telemetry_ingest_messages_published_total")
				.contains("telemetry_ingest_messages_failed_total")
				.contains(
						"telemetry_ingest_messages_rejected_total{application=\"ingest-service\",reason=\"invalid-base64\"}")
				.containsPattern(
						"telemetry_ingest_messages_rejected_total\\{[^}]*reason=\"invalid-base64\"[^}]*\\} [1-9]")
				.containsPattern("telemetry_ingest_queue_age_seconds_count\\{[^}]*\\} [1-9]")
				.contains("spring_kafka_template_seconds_bucket");
		});
		assertThat(http.get().uri("/actuator/env").retrieve().onStatus((status) -> true, (request, response) -> {
		}).toBodilessEntity().getStatusCode().value()).isEqualTo(404);
		assertThat(RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/health")
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toBodilessEntity()
			.getStatusCode()
			.value()).as("Actuator is not on the service port").isEqualTo(404);
	}

	private void send(List<String> bodies) {
		try (SqsClient sqs = infrastructure.sqsClient()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(QUEUE)).queueUrl();
			for (int i = 0; i < bodies.size(); i += 10) {
				List<SendMessageBatchRequestEntry> entries = IntStream.range(i, Math.min(i + 10, bodies.size()))
					.mapToObj((
							n) -> SendMessageBatchRequestEntry.builder().id("m" + n).messageBody(bodies.get(n)).build())
					.toList();
				assertThat(sqs.sendMessageBatch((request) -> request.queueUrl(url).entries(entries)).failed())
					.isEmpty();
			}
		}
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
