package io.telemetrypipeline.endtoend;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Replays with pipeline-admin, on the shared Kafka and SQS servers and a MongoDB of the
 * class's own ({@link RefusingMongo}) that refuses some devices' readings for good, as a
 * wrong collection validator would: persistence-service dead-letters them, the cause is
 * fixed, {@code replay dlt} brings them back and each is stored exactly once, also when
 * the replay is killed ({@code kill -9}) halfway and run again. Rejected input is
 * re-ingested through the current parser after a limit was raised, and bodies cut on the
 * rejected topic are reported, never replayed. Dry runs and inspections change no offset,
 * topic or queue.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplayIntegrationTests {

	static final PipelineInfrastructure shared = SharedInfrastructure.get();

	static RefusingMongo mongo;

	static PipelineInfrastructure servers;

	@BeforeAll
	static void startOwnMongo() {
		mongo = new RefusingMongo();
		servers = mongo.in(shared);
	}

	@AfterAll
	static void stopOwnMongo() {
		mongo.close();
	}

	@Test
	void storesEveryDeadLetteredReadingExactlyOnceWhenReplayedAfterItsCauseIsFixed(CapturedOutput output)
			throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "replay-dlt", 6, false);
		String group = "replay-dlt-test";
		mongo.refuse("replay-dlt-");
		try (LocalPipeline pipeline = LocalPipeline.start(servers,
				readings.onQueue(ScenarioReadings.ONE_BATCH_AT_A_TIME))) {
			readings.stream(300, 300).get();
			producePoison("replay-dlt-00");
			awaitDeadLetters("replay-dlt-", 301);
			assertThat(PipelineAdminChecks.storedIds(servers.mongoUri(), "replay-dlt-")).isEmpty();

			String inspected = report(output,
					() -> assertThat(
							AdminTool.run(servers, Map.of(), "inspect", "dlt", "--device", "replay-dlt-*", "--json"))
						.isZero());
			assertThat(inspected).contains("\"total\" : 301", "\"write-rejected\" : 300", "\"invalid-event\" : 1");

			Map<TopicPartition, Long> eventsBefore = PipelineAdminChecks.endOffsets(shared.kafkaAdminConfig(),
					PipelineNames.EVENTS_TOPIC);
			String dryRun = report(output, () -> assertThat(AdminTool.run(servers, Map.of(), "replay", "dlt",
					"--device", "replay-dlt-*", "--group", group, "--dry-run"))
				.isZero());
			PipelineAdminChecks.assertReports(dryRun, "would replay", 300);
			PipelineAdminChecks.assertReports(dryRun, "still-invalid", 1);
			assertThat(PipelineAdminChecks.committed(shared.kafkaAdminConfig(), group)).as("a dry run commits nothing")
				.isEmpty();
			assertThat(PipelineAdminChecks.endOffsets(shared.kafkaAdminConfig(), PipelineNames.EVENTS_TOPIC))
				.as("a dry run sends nothing")
				.isEqualTo(eventsBefore);

			mongo.accept("replay-dlt-");
			String replayed = report(output, () -> assertThat(AdminTool.run(servers, Map.of(), "replay", "dlt",
					"--device", "replay-dlt-*", "--group", group, "--progress", "lines"))
				.isZero());
			PipelineAdminChecks.assertReports(replayed, "replayed", 300);
			PipelineAdminChecks.assertReports(replayed, "still-invalid", 1);
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(90));

			String again = report(output, () -> assertThat(
					AdminTool.run(servers, Map.of(), "replay", "dlt", "--device", "replay-dlt-*", "--group", group))
				.isZero());
			PipelineAdminChecks.assertReports(again, "replayed", 0);

			double duplicatesBefore = pipeline.count("telemetry.persistence.records.duplicates");
			String restarted = report(output, () -> assertThat(AdminTool.run(servers, Map.of(), "replay", "dlt",
					"--device", "replay-dlt-*", "--group", group, "--restart"))
				.isZero());
			PipelineAdminChecks.assertReports(restarted, "replayed", 300);
			waitAtMost(Duration.ofSeconds(60)).untilAsserted(
					() -> assertThat(pipeline.count("telemetry.persistence.records.duplicates") - duplicatesBefore)
						.isGreaterThanOrEqualTo(300));
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(10));
		}
	}

	@Test
	void storesEveryReadingExactlyOnceWhenAReplayIsKilledHalfwayAndRunAgain(@TempDir Path logs, CapturedOutput output)
			throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "replay-kill", 8, false);
		String group = "replay-kill-test";
		mongo.refuse("replay-kill-");
		try (LocalPipeline pipeline = LocalPipeline.start(servers,
				readings.onQueue(ScenarioReadings.ONE_BATCH_AT_A_TIME))) {
			readings.stream(400, 400).get();
			awaitDeadLetters("replay-kill-", 400);
			mongo.accept("replay-kill-");

			Path log = logs.resolve("replay.log");
			Process replay = AdminTool.start(servers, Map.of("telemetry.admin.batch-size", "25"), log, "replay", "dlt",
					"--device", "replay-kill-*", "--group", group, "--rate", "50", "--progress", "lines");
			readings.awaitSomeStored(100, Duration.ofSeconds(90));
			replay.destroyForcibly();
			assertThat(replay.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(replay.exitValue()).as("killed, not finished").isNotZero();
			int storedAtKill = PipelineAdminChecks.storedIds(servers.mongoUri(), "replay-kill-").size();
			assertThat(storedAtKill).as("killed halfway").isBetween(100, 399);
			assertThat(Files.readString(log)).as("no final report").doesNotContain("committed offsets");

			String rerun = report(output, () -> assertThat(
					AdminTool.run(servers, Map.of(), "replay", "dlt", "--device", "replay-kill-*", "--group", group))
				.isZero());
			assertThat(rerun).containsPattern("replayed\\s+\\d+");
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(90));
			List<ConsumerRecord<String, byte[]>> replayedRecords = KafkaRecords.read(shared.kafkaBootstrapServers(),
					PipelineNames.EVENTS_TOPIC,
					(record) -> record.key() != null && record.key().startsWith("replay-kill-")
							&& record.headers().lastHeader("telemetry-replayed-from") != null,
					400, Duration.ofSeconds(30));
			assertThat(replayedRecords.size()).as("each sent once, and at most the batch in flight at the kill again")
				.isBetween(400, 425);
		}
	}

	@Test
	void finishesTheBatchInFlightOnSigtermAndARerunContinuesWhereItStopped(@TempDir Path logs) throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "replay-term", 8, false);
		String group = "replay-term-test";
		mongo.refuse("replay-term-");
		try (LocalPipeline pipeline = LocalPipeline.start(servers,
				readings.onQueue(ScenarioReadings.ONE_BATCH_AT_A_TIME))) {
			readings.stream(300, 300).get();
			awaitDeadLetters("replay-term-", 300);
			mongo.accept("replay-term-");

			Path log = logs.resolve("replay.log");
			Process replay = AdminTool.start(servers, Map.of("telemetry.admin.batch-size", "25"), log, "replay", "dlt",
					"--device", "replay-term-*", "--group", group, "--rate", "50", "--progress", "lines");
			readings.awaitSomeStored(75, Duration.ofSeconds(90));
			replay.destroy();
			assertThat(replay.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(replay.exitValue()).as("stopped by SIGTERM").isEqualTo(143);
			assertThat(Files.readString(log)).contains("stopped before the end", "committed offsets");
			long committed = PipelineAdminChecks.committed(shared.kafkaAdminConfig(), group)
				.values()
				.stream()
				.mapToLong(Long::longValue)
				.sum();
			assertThat(committed).as("progress kept").isPositive();

			assertThat(AdminTool.run(servers, Map.of(), "replay", "dlt", "--device", "replay-term-*", "--group", group))
				.isZero();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(90));
			List<ConsumerRecord<String, byte[]>> replayedRecords = KafkaRecords.read(shared.kafkaBootstrapServers(),
					PipelineNames.EVENTS_TOPIC,
					(record) -> record.key() != null && record.key().startsWith("replay-term-")
							&& record.headers().lastHeader("telemetry-replayed-from") != null,
					300, Duration.ofSeconds(30));
			assertThat(replayedRecords).as("a graceful stop sends nothing twice").hasSize(300);
		}
	}

	@Test
	void replaysRejectedInputThroughTheCurrentParserAfterALimitWasRaised(CapturedOutput output) throws Exception {
		ScenarioReadings queue = ScenarioReadings.onOwnQueue(servers, "replay-rej", 1, false);
		String group = "replay-rej-test";
		Map<String, String> ingestLimits = new LinkedHashMap<>(ScenarioReadings.ONE_BATCH_AT_A_TIME);
		ingestLimits.put("telemetry.ingest.validation.max-readings", "2");
		ingestLimits.put("telemetry.ingest.validation.max-rejected-body-bytes", "1024");
		try (LocalPipeline pipeline = LocalPipeline.start(servers, queue.onQueue(ingestLimits))) {
			Set<String> expectedIds = new HashSet<>();
			try (SqsClient sqs = servers.sqsClient()) {
				String url = sqs.getQueueUrl((request) -> request.queueName(queue.queue())).queueUrl();
				for (int i = 0; i < 20; i++) {
					String device = "replay-rej-%02d".formatted(i % 5);
					String messageId = (i % 2 == 0) ? "\"messageId\":\"r" + i + "\"," : "";
					String body = threeReadings(device, messageId, "", i);
					String sqsId = sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).messageId();
					expectedIds.add(device + ((i % 2 == 0) ? "/r" + i : "/sqs:" + sqsId));
				}
				for (int i = 0; i < 4; i++) {
					String body = threeReadings("replay-rej-long", "\"messageId\":\"l" + i + "\",",
							"\"note\":\"" + "x".repeat(2000) + "\",", i);
					sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body));
				}
				for (int i = 0; i < 3; i++) {
					String body = "{\"deviceId\":\"replay-rej-bad\",\"messageId\":\"b%d\",\"readings\":{\"t\":1},"
						.formatted(i) + "\"clientId\":\"replay-rej-bad\"}";
					sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body));
				}
			}
			List<ConsumerRecord<String, byte[]>> rejected = KafkaRecords.read(shared.kafkaBootstrapServers(),
					PipelineNames.REJECTED_TOPIC,
					(record) -> record.key() != null && record.key().startsWith("replay-rej-"), 27,
					Duration.ofSeconds(60));
			assertThat(rejected).hasSize(27);
			assertThat(rejected).filteredOn((record) -> record.key().equals("replay-rej-long"))
				.hasSize(4)
				.allSatisfy((record) -> assertThat(record.value()).hasSizeLessThanOrEqualTo(1024));

			String inspected = report(output, () -> assertThat(
					AdminTool.run(servers, Map.of(), "inspect", "rejected", "--device", "replay-rej-*", "--json"))
				.isZero());
			assertThat(inspected).contains("\"invalid-readings\" : 24", "\"missing-field\" : 3");

			Map<TopicPartition, Long> eventsBefore = PipelineAdminChecks.endOffsets(shared.kafkaAdminConfig(),
					PipelineNames.EVENTS_TOPIC);
			Map<String, String> raised = Map.of("telemetry.ingest.validation.max-readings", "100");
			String dryRun = report(output, () -> assertThat(AdminTool.run(servers, raised, "replay", "rejected",
					"--device", "replay-rej-*", "--group", group, "--dry-run"))
				.isZero());
			PipelineAdminChecks.assertReports(dryRun, "would replay", 20);
			PipelineAdminChecks.assertReports(dryRun, "truncated", 4);
			assertThat(PipelineAdminChecks.committed(shared.kafkaAdminConfig(), group)).isEmpty();
			assertThat(PipelineAdminChecks.endOffsets(shared.kafkaAdminConfig(), PipelineNames.EVENTS_TOPIC))
				.isEqualTo(eventsBefore);

			String notRaised = report(output,
					() -> assertThat(AdminTool.run(servers, Map.of("telemetry.ingest.validation.max-readings", "2"),
							"replay", "rejected", "--device", "replay-rej-*", "--group", group, "--dry-run"))
						.isZero());
			PipelineAdminChecks.assertReports(notRaised, "would replay", 0);
			PipelineAdminChecks.assertReports(notRaised, "still-rejected: invalid-readings", 20);

			String replayed = report(output, () -> assertThat(
					AdminTool.run(servers, raised, "replay", "rejected", "--device", "replay-rej-*", "--group", group))
				.isZero());
			PipelineAdminChecks.assertReports(replayed, "replayed", 20);
			PipelineAdminChecks.assertReports(replayed, "truncated", 4);
			PipelineAdminChecks.assertReports(replayed, "still-rejected: missing-field", 3);
			assertThat(replayed).contains("telemetry.rejected/", "only its first");
			waitAtMost(Duration.ofSeconds(60)).untilAsserted(
					() -> assertThat(PipelineAdminChecks.storedIds(servers.mongoUri(), "replay-rej-")).hasSize(20));
			assertThat(PipelineAdminChecks.storedIds(servers.mongoUri(), "replay-rej-"))
				.containsExactlyInAnyOrderElementsOf(expectedIds);

			double duplicatesBefore = pipeline.count("telemetry.persistence.records.duplicates");
			String twice = report(output, () -> assertThat(AdminTool.run(servers, raised, "replay", "rejected",
					"--device", "replay-rej-*", "--group", group, "--restart"))
				.isZero());
			PipelineAdminChecks.assertReports(twice, "replayed", 20);
			waitAtMost(Duration.ofSeconds(60)).untilAsserted(
					() -> assertThat(pipeline.count("telemetry.persistence.records.duplicates") - duplicatesBefore)
						.isGreaterThanOrEqualTo(20));
			assertThat(PipelineAdminChecks.storedIds(servers.mongoUri(), "replay-rej-"))
				.containsExactlyInAnyOrderElementsOf(expectedIds);
		}
	}

	private static String threeReadings(String device, String messageId, String extra, int n) {
		return "{\"deviceId\":\"%s\",%s%s\"timestamp\":\"%s\",\"readings\":{\"a\":%d,\"b\":2,\"c\":3},\"clientId\":\"%1$s\"}"
			.formatted(device, messageId, extra, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(n), n);
	}

	private static void awaitDeadLetters(String prefix, int count) {
		List<ConsumerRecord<String, byte[]>> deadLetters = KafkaRecords.read(shared.kafkaBootstrapServers(),
				PipelineNames.DEAD_LETTER_TOPIC, (record) -> record.key() != null && record.key().startsWith(prefix),
				count, Duration.ofSeconds(90));
		assertThat(deadLetters).hasSize(count);
	}

	/** A record on the events topic that is no event: dead-lettered as invalid-event. */
	private static void producePoison(String key) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(shared.kafkaAdminConfig(),
				new StringSerializer(), new ByteArraySerializer())) {
			producer
				.send(new ProducerRecord<>(PipelineNames.EVENTS_TOPIC, key,
						"not an event".getBytes(StandardCharsets.UTF_8)))
				.get(30, TimeUnit.SECONDS);
		}
	}

	/** Runs the tool and returns what it wrote to stdout meanwhile. */
	private static String report(CapturedOutput output, Runnable run) {
		int before = output.getOut().length();
		run.run();
		return output.getOut().substring(before);
	}

}
