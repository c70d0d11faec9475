package io.telemetrypipeline.endtoend;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.testinfrastructure.KafkaAcls;
import io.telemetrypipeline.testinfrastructure.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
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

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pipeline-admin against a Kafka broker that enforces {@code SASL_SSL} and exactly the
 * ACLs of {@code deploy/kafka/acls.txt}, as its own SCRAM user {@code pipeline-admin},
 * with the same {@code spring.kafka.*} keys the services use: its grants are enough to
 * inspect both set-aside topics and replay both into {@code telemetry.events}, keeping
 * its progress in its consumer group; a write or a group it has no ACL for is refused,
 * and nothing is committed.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuredPipelineAdminIntegrationTests {

	static final String ADMIN_TOOL = "pipeline-admin";

	static PipelineInfrastructure servers;

	@BeforeAll
	static void startSecuredServers() {
		servers = TestInfrastructure.start(InfrastructureSettings.forTests().withSecuredKafka(ADMIN_TOOL));
		try (Admin admin = Admin.create(servers.kafkaAdminConfig())) {
			KafkaAcls.grant(admin, KafkaAcls.read(Path.of("..", "deploy", "kafka", "acls.txt")));
		}
	}

	@AfterAll
	static void stopServers() {
		if (servers != null) {
			servers.close();
		}
	}

	@Test
	void inspectsAndReplaysWithItsOwnGrantsAndIsRefusedAWriteItHasNoAclFor(CapturedOutput output) throws Exception {
		produceSetAside(10);
		Map<String, String> asTool = servers.kafkaSpringProperties(ADMIN_TOOL);
		assertThat(asTool).containsEntry("spring.kafka.security.protocol", "SASL_SSL");

		String inspected = report(output,
				() -> assertThat(AdminTool.run(servers, asTool, "inspect", "dlt", "rejected", "--json")).isZero());
		assertThat(inspected).contains("\"write-rejected\" : 10", "\"invalid-readings\" : 10");
		assertThat(PipelineAdminChecks.committed(servers.kafkaAdminConfig(), ADMIN_TOOL)).as("inspect uses no group")
			.isEmpty();

		String deadLetters = report(output, () -> assertThat(AdminTool.run(servers, asTool, "replay", "dlt")).isZero());
		PipelineAdminChecks.assertReports(deadLetters, "replayed", 10);
		String rejected = report(output,
				() -> assertThat(AdminTool.run(servers, asTool, "replay", "rejected")).isZero());
		PipelineAdminChecks.assertReports(rejected, "replayed", 10);
		List<ConsumerRecord<String, byte[]>> events = KafkaRecords.read(servers.kafkaAdminConfig(),
				PipelineNames.EVENTS_TOPIC, (record) -> record.headers().lastHeader("telemetry-replayed-from") != null,
				20, Duration.ofSeconds(30));
		assertThat(events).hasSize(20);
		Map<TopicPartition, Long> committed = PipelineAdminChecks.committed(servers.kafkaAdminConfig(), ADMIN_TOOL);
		assertThat(committed).as("each partition's progress at its end")
			.containsAllEntriesOf(nonEmpty(PipelineNames.DEAD_LETTER_TOPIC))
			.containsAllEntriesOf(nonEmpty(PipelineNames.REJECTED_TOPIC));

		Map<String, String> writingElsewhere = new LinkedHashMap<>(asTool);
		writingElsewhere.put("telemetry.topics.events", PipelineNames.REJECTED_TOPIC);
		Map<TopicPartition, Long> rejectedEnd = PipelineAdminChecks.endOffsets(servers.kafkaAdminConfig(),
				PipelineNames.REJECTED_TOPIC);
		String refused = report(output,
				() -> assertThat(AdminTool.run(servers, writingElsewhere, "replay", "dlt", "--restart")).isEqualTo(1));
		assertThat(output.getErr()).contains("TopicAuthorizationException");
		assertThat(refused).doesNotContain("committed offsets");
		assertThat(PipelineAdminChecks.committed(servers.kafkaAdminConfig(), ADMIN_TOOL)).as("nothing committed")
			.isEqualTo(committed);
		assertThat(PipelineAdminChecks.endOffsets(servers.kafkaAdminConfig(), PipelineNames.REJECTED_TOPIC))
			.as("nothing written")
			.isEqualTo(rejectedEnd);

		assertThat(AdminTool.run(servers, asTool, "replay", "dlt", "--group", "not-granted")).isEqualTo(1);
		assertThat(output.getErr()).contains("GroupAuthorizationException");
	}

	/**
	 * Dead letters as persistence-service writes them, rejections as ingest-service does.
	 */
	private static void produceSetAside(int count) throws Exception {
		TelemetryEventCodec codec = new TelemetryEventCodec();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(servers.kafkaAdminConfig(),
				new StringSerializer(), new ByteArraySerializer())) {
			for (int i = 0; i < count; i++) {
				String device = "secured-admin-%02d".formatted(i);
				TelemetryEvent event = new TelemetryEvent(1, device + "/d" + i, device,
						Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i), Map.of("t", i * 1.0), Map.of(),
						new TelemetryEvent.Origin("sqs-d" + i, Instant.parse("2026-11-01T00:00:01Z"), null, device));
				ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>(PipelineNames.DEAD_LETTER_TOPIC,
						device, codec.encode(event));
				header(deadLetter, "kafka_dlt-exception-fqcn",
						"io.telemetrypipeline.persistence.consume.ReadingsListener$UnstorableEventException");
				header(deadLetter, "kafka_dlt-exception-message", "MongoDB error 121: Document failed validation");
				producer.send(deadLetter).get(30, TimeUnit.SECONDS);

				String body = "{\"deviceId\":\"%s\",\"messageId\":\"r%d\",\"timestamp\":\"2026-11-01T00:00:00Z\","
					.formatted(device, i) + "\"readings\":{\"a\":1},\"clientId\":\"" + device + "\"}";
				byte[] value = body.getBytes(StandardCharsets.UTF_8);
				ProducerRecord<String, byte[]> rejection = new ProducerRecord<>(PipelineNames.REJECTED_TOPIC, device,
						value);
				header(rejection, "telemetry-rejection-reason", "invalid-readings");
				header(rejection, "telemetry-rejection-detail", "readings has 1 entries; the limit is 0");
				header(rejection, "telemetry-sqs-message-id", "sqs-r" + i);
				header(rejection, "telemetry-body-length", Integer.toString(value.length));
				header(rejection, "telemetry-body-sha256",
						HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
				producer.send(rejection).get(30, TimeUnit.SECONDS);
			}
		}
	}

	private static Map<TopicPartition, Long> nonEmpty(String topic) {
		Map<TopicPartition, Long> ends = new LinkedHashMap<>(
				PipelineAdminChecks.endOffsets(servers.kafkaAdminConfig(), topic));
		ends.values().removeIf((offset) -> offset == 0);
		return ends;
	}

	private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String report(CapturedOutput output, Runnable run) {
		int before = output.getOut().length();
		run.run();
		return output.getOut().substring(before);
	}

}
