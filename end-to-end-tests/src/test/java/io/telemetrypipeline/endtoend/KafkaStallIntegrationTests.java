package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Server;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenario: Kafka stalls for 20 s while readings keep arriving: connections stay
 * open and nothing is answered, so clients run into their own timeouts instead of a
 * refused connection. Every ingest batch ends within its deadline (no thread waits on
 * Kafka past it), ingest reports not ready within seconds and ready again after; every
 * reading is stored exactly once, nothing is dead-lettered, and each device's readings
 * are in order in Kafka (FIFO queue). The ingest timeouts are shortened for the test
 * only, so that batches give up within the stall.
 */
class KafkaStallIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(8);

	static final Duration STALL = Duration.ofSeconds(20);

	static final Map<String, String> INGEST = Map.of("server.port", "0", "telemetry.ingest.publish-timeout",
			PUBLISH_TIMEOUT.toSeconds() + "s", "spring.kafka.producer.properties.max.block.ms", "3000",
			"spring.kafka.producer.properties.request.timeout.ms", "5000",
			"spring.kafka.producer.properties.delivery.timeout.ms", "6000");

	@Test
	void endsEveryBatchWithinItsDeadlineAndKeepsEveryReadingThroughAKafkaStall() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "kafka-stall", 10, true);
		try (LocalPipeline pipeline = LocalPipeline.start(servers, Map.of("server.port", "0"),
				readings.onQueue(INGEST))) {
			readings.stream(300, 250).get();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(60));
			double deadLetteredBefore = pipeline.count("telemetry.persistence.records.dead.lettered");
			double failedBefore = pipeline.count("telemetry.ingest.messages.failed");

			Instant stalled = Instant.now();
			servers.faults().stall(Server.KAFKA);
			CompletableFuture<Void> duringStall;
			try {
				duringStall = readings.stream(2000, 100);
				waitAtMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(Readiness.of(pipeline.ingest())).isEqualTo(503));
				waitAtMost(PUBLISH_TIMEOUT.plusSeconds(5)).alias("a batch gave up on the stalled Kafka by its deadline")
					.untilAsserted(() -> assertThat(pipeline.count("telemetry.ingest.messages.failed"))
						.isGreaterThan(failedBefore));
				// the fault lasts STALL, however fast SQS takes the stream meanwhile
				waitAtMost(STALL.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
					.until(() -> Duration.between(stalled, Instant.now()).compareTo(STALL) >= 0);
				assertThat(batchDurationMax(pipeline)).as("the longest batch, every Kafka call included")
					.isLessThanOrEqualTo(PUBLISH_TIMEOUT.plusSeconds(1));
				assertThat(servers.messagesOn(readings.queue())).as("messages kept on the queue while Kafka stalls")
					.isPositive();
			}
			finally {
				servers.faults().resume(Server.KAFKA);
			}
			duringStall.get();

			waitAtMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(Readiness.of(pipeline.ingest())).isEqualTo(200));
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(servers.messagesOn(readings.queue())).isZero());
			assertThat(servers.messagesOn(readings.deadLetterQueue())).isZero();
			assertThat(pipeline.count("telemetry.persistence.records.dead.lettered")).isEqualTo(deadLetteredBefore);
			assertThat(batchDurationMax(pipeline)).isLessThanOrEqualTo(PUBLISH_TIMEOUT.plusSeconds(1));
		}
		assertThat(KafkaRecords.read(servers.kafkaBootstrapServers(), PipelineNames.DEAD_LETTER_TOPIC,
				(record) -> record.key() != null && record.key().startsWith("kafka-stall-"), 0, Duration.ofSeconds(10)))
			.as("nothing of the scenario dead-lettered")
			.isEmpty();
		readings.assertPerDeviceOrderInKafka();
	}

	private static Duration batchDurationMax(LocalPipeline pipeline) {
		double seconds = pipeline.ingest()
			.getBean(MeterRegistry.class)
			.get("telemetry.ingest.batch.duration")
			.timer()
			.max(TimeUnit.SECONDS);
		return Duration.ofMillis(Math.round(seconds * 1000));
	}

}
