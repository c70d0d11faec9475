package io.telemetrypipeline.endtoend;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.parse.ParseResult;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.ingest.parse.ValidationLimits;
import io.telemetrypipeline.localrun.LocalPipeline;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The whole pipeline on real servers: 1,000 valid readings from 12 devices, 50 duplicate
 * sends, 40 SQS redeliveries of messages a crashed first ingest instance had already
 * published, and 80 invalid messages (20 of them under another device's id or without the
 * identity the IoT rule adds) go into SQS; every valid reading must be stored exactly
 * once with its fields, every invalid one must be on the rejected topic with its reason,
 * and each device's readings must keep their order in Kafka.
 */
class PipelineEndToEndIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final int DEVICES = 12;

	static final int VALID = 1000;

	static final int DUPLICATES = 50;

	static final int REDELIVERED = 40;

	static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");

	static LocalPipeline pipeline;

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	@AfterAll
	static void stopPipeline() {
		if (pipeline != null) {
			pipeline.close();
		}
	}

	@Test
	void storesEveryValidReadingExactlyOnceRejectsEveryInvalidOneAndKeepsPerDeviceOrder() throws Exception {
		List<Reading> readings = new ArrayList<>();
		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < VALID; i++) {
			Reading reading = new Reading("e2e-%02d".formatted(i % DEVICES), (i % 10 < 7) ? "seq-" + i : null,
					BASE.plusMillis(i), i * 0.25);
			readings.add(reading);
			bodies.add(reading.body());
			if (i % 20 == 5) {
				bodies.add(reading.body()); // the device sends the same reading twice
			}
		}
		Map<String, String> invalid = invalidBodies();
		bodies.addAll(invalid.keySet());
		assertThat(bodies).hasSize(VALID + DUPLICATES + invalid.size());

		Map<String, List<String>> sqsIdsByBody = new HashMap<>();
		try (SqsClient sqs = servers.sqsClient()) {
			String queueUrl = sqs.getQueueUrl((request) -> request.queueName(PipelineNames.INGEST_QUEUE)).queueUrl();
			send(sqs, queueUrl, bodies, sqsIdsByBody);
			crashedIngestInstance(sqs, queueUrl);
			pipeline = LocalPipeline.start(servers, ScenarioReadings.ONE_BATCH_AT_A_TIME);

			Map<String, Reading> expected = expectedEvents(readings, sqsIdsByBody);
			assertThat(expected).hasSize(VALID);
			try (MongoClient client = MongoClients.create(servers.mongoUri())) {
				MongoCollection<Document> stored = client.getDatabase("telemetry").getCollection("readings");
				Document ofRun = new Document("deviceId", new Document("$regex", "^e2e-"));
				waitAtMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
					.untilAsserted(() -> assertThat(stored.countDocuments(ofRun)).isEqualTo(VALID));
				waitAtMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(servers.messagesOn(PipelineNames.INGEST_QUEUE)).isZero());

				Map<String, Document> byId = new HashMap<>();
				stored.find(ofRun).forEach((document) -> byId.put(document.getString("_id"), document));
				assertThat(byId.keySet()).isEqualTo(expected.keySet());
				expected.forEach((eventId, reading) -> {
					Document document = byId.get(eventId);
					assertThat(document.getString("deviceId")).isEqualTo(reading.deviceId());
					assertThat(document.getDate("measuredAt").toInstant()).isEqualTo(reading.measuredAt());
					assertThat(document.get("readings", Document.class))
						.containsExactlyEntriesOf(Map.of("temperature", reading.temperature()));
					assertThat(document.get("tags", Document.class)).containsEntry("site", "e2e");
				});
			}
			assertThat(servers.messagesOn(PipelineNames.INGEST_DEAD_LETTER_QUEUE)).isZero();
		}

		assertRejectedWithReasons(invalid);
		assertPerDeviceOrderInKafka();
		assertThat(pipeline.count("telemetry.persistence.records.written")).isEqualTo(VALID);
		assertThat(pipeline.count("telemetry.persistence.records.duplicates"))
			.isGreaterThanOrEqualTo(DUPLICATES + REDELIVERED);
		assertThat(pipeline.count("telemetry.ingest.messages.redelivered")).isGreaterThanOrEqualTo(REDELIVERED);
		assertThat(pipeline.count("telemetry.ingest.messages.rejected")).isEqualTo(invalid.size());
		assertMetricsExposed();
		assertReadingsApiNeedsTheToken();
	}

	/** The readings API answers the token the local run prints, and nobody without it. */
	private void assertReadingsApiNeedsTheToken() {
		RestClient api = RestClient.create("http://localhost:" + port(pipeline.persistence(), "local.server.port"));
		String latest = api.get()
			.uri("/api/devices/e2e-00/readings/latest")
			.headers((headers) -> headers.setBearerAuth(pipeline.readingsToken()))
			.retrieve()
			.body(String.class);
		assertThat(latest).contains("\"deviceId\":\"e2e-00\"");
		assertThat(api.get()
			.uri("/api/devices/e2e-00/readings/latest")
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(401);
	}

	/**
	 * Plays an ingest instance that receives messages, publishes them to Kafka and dies
	 * before deleting them: the same parsing and encoding as ingest-service, then the
	 * messages become visible again and SQS redelivers them to the real service.
	 */
	private void crashedIngestInstance(SqsClient sqs, String queueUrl) {
		TelemetryParser parser = new TelemetryParser(ValidationLimits.defaults(), IdentityPolicy.clientId(),
				Clock.systemUTC());
		List<Message> received = new ArrayList<>();
		while (received.size() < REDELIVERED) {
			received.addAll(sqs.receiveMessage((request) -> request.queueUrl(queueUrl)
				.maxNumberOfMessages(Math.min(10, REDELIVERED - received.size()))
				.messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)
				.visibilityTimeout(60)).messages());
		}
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (Message message : received) {
				Instant sent = Instant
					.ofEpochMilli(Long.parseLong(message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)));
				ParseResult result = parser.parse(new InboundMessage(message.body(), message.messageId(), sent));
				TelemetryEvent event = ((ParseResult.Accepted) result).event();
				producer
					.send(new ProducerRecord<>(PipelineNames.EVENTS_TOPIC, event.deviceId(), this.codec.encode(event)));
			}
			producer.flush();
		}
		for (Message message : received) {
			sqs.changeMessageVisibility((
					request) -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
		}
	}

	private void assertRejectedWithReasons(Map<String, String> invalid) {
		List<ConsumerRecord<String, byte[]>> rejected = KafkaRecords.read(servers.kafkaBootstrapServers(),
				PipelineNames.REJECTED_TOPIC,
				(record) -> invalid.containsKey(new String(record.value(), StandardCharsets.UTF_8)), invalid.size(),
				Duration.ofSeconds(30));
		Map<String, String> reasonByBody = rejected.stream()
			.collect(Collectors.toMap((record) -> new String(record.value(), StandardCharsets.UTF_8),
					(record) -> new String(record.headers().lastHeader("telemetry-rejection-reason").value(),
							StandardCharsets.UTF_8)));
		assertThat(rejected).hasSize(invalid.size());
		assertThat(reasonByBody).isEqualTo(invalid);
	}

	private void assertPerDeviceOrderInKafka() {
		List<ConsumerRecord<String, byte[]>> records = KafkaRecords.read(servers.kafkaBootstrapServers(),
				PipelineNames.EVENTS_TOPIC, (record) -> record.key().startsWith("e2e-"),
				VALID + DUPLICATES + REDELIVERED, Duration.ofSeconds(30));
		assertThat(records).hasSizeGreaterThanOrEqualTo(VALID + DUPLICATES + REDELIVERED);
		Map<String, List<Instant>> byDevice = ScenarioReadings.measuredOrderByDevice(records);
		assertThat(byDevice).hasSize(DEVICES);
		byDevice.forEach((device, firstOccurrences) -> {
			assertThat(firstOccurrences).as("order of device %s in Kafka", device).isSorted();
			assertThat(firstOccurrences)
				.hasSize(VALID / DEVICES + ((device.compareTo("e2e-%02d".formatted(VALID % DEVICES)) < 0) ? 1 : 0));
		});
	}

	private void assertMetricsExposed() {
		String ingest = scrape(port(pipeline.ingest(), "local.management.port"));
		assertThat(ingest).contains("telemetry_ingest_messages_received_total",
				"telemetry_ingest_messages_published_total", "telemetry_ingest_messages_rejected_total",
				"telemetry_ingest_messages_redelivered_total");
		String persistence = scrape(port(pipeline.persistence(), "local.management.port"));
		assertThat(persistence).contains("telemetry_persistence_records_written_total",
				"telemetry_persistence_records_duplicates_total", "telemetry_persistence_records_dead_lettered_total",
				"telemetry_persistence_bulk_write_seconds_bucket", "telemetry_persistence_batch_size_records_bucket",
				"telemetry_pipeline_latency_seconds_bucket");
	}

	private static String port(ConfigurableApplicationContext service, String property) {
		return service.getEnvironment().getProperty(property);
	}

	private static String scrape(String port) {
		return RestClient.create("http://localhost:" + port)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.body(String.class);
	}

	private static Map<String, Reading> expectedEvents(List<Reading> readings, Map<String, List<String>> sqsIdsByBody) {
		Map<String, Reading> expected = new HashMap<>();
		for (Reading reading : readings) {
			if (reading.messageId() != null) {
				expected.put(reading.deviceId() + "/" + reading.messageId(), reading);
			}
			else {
				for (String sqsId : sqsIdsByBody.get(reading.body())) {
					expected.put(reading.deviceId() + "/sqs:" + sqsId, reading);
				}
			}
		}
		return expected;
	}

	private static Map<String, String> invalidBodies() {
		Map<String, String> invalid = new LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			String device = "\"deviceId\":\"e2e-bad-" + i + "\",\"clientId\":\"e2e-bad-" + i + "\"";
			invalid.put("{" + device + ",\"timestamp\":1764000000000,", "malformed-json");
			invalid.put("{" + device + ",\"timestamp\":1764000000000,\"readings\":{\"t\":\"hot\"}}",
					"invalid-readings");
			invalid.put("{" + device + ",\"readings\":{\"t\":" + i + "}}", "missing-field");
			invalid.put("{" + device + ",\"timestamp\":1764000000000,\"readings\":{\"a.b\":" + i + "}}",
					"invalid-field-name");
			invalid.put("{\"deviceId\":\"e2e bad " + i + "\",\"timestamp\":1764000000000,\"readings\":{\"t\":1}}",
					"invalid-device-id");
			invalid.put("!!not-base64-" + i, "invalid-base64");
			// another device writing under a real device's id, or a message that
			// lacks the clientId the IoT rule adds
			invalid.put("{\"deviceId\":\"e2e-%02d\",\"messageId\":\"spoof-%d\",\"clientId\":\"e2e-bad-%d\","
				.formatted(i, i, i) + "\"timestamp\":1764000000000,\"readings\":{\"temperature\":-1}}",
					"identity-mismatch");
			invalid.put("{\"deviceId\":\"e2e-%02d\",\"messageId\":\"unsigned-%d\",".formatted(i, i)
					+ "\"timestamp\":1764000000000,\"readings\":{\"temperature\":-1}}", "identity-mismatch");
		}
		return invalid;
	}

	private static void send(SqsClient sqs, String queueUrl, List<String> bodies, Map<String, List<String>> idsByBody) {
		for (int i = 0; i < bodies.size(); i += 10) {
			List<String> batch = bodies.subList(i, Math.min(i + 10, bodies.size()));
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int n = 0; n < batch.size(); n++) {
				entries.add(SendMessageBatchRequestEntry.builder().id("m" + n).messageBody(batch.get(n)).build());
			}
			List<SendMessageBatchResultEntry> sent = sqs
				.sendMessageBatch((request) -> request.queueUrl(queueUrl).entries(entries))
				.successful();
			assertThat(sent).hasSize(batch.size());
			for (SendMessageBatchResultEntry entry : sent) {
				String body = batch.get(Integer.parseInt(entry.id().substring(1)));
				idsByBody.computeIfAbsent(body, (key) -> new ArrayList<>()).add(entry.messageId());
			}
		}
	}

	private record Reading(String deviceId, String messageId, Instant measuredAt, double temperature) {

		String body() {
			String id = (this.messageId != null) ? "\"messageId\":\"" + this.messageId + "\"," : "";
			return "{\"deviceId\":\"%s\",%s\"timestamp\":\"%s\",\"readings\":{\"temperature\":%s},\"tags\":{\"site\":\"e2e\"},\"clientId\":\"%1$s\"}"
				.formatted(this.deviceId, id, this.measuredAt, this.temperature);
		}

	}

}
