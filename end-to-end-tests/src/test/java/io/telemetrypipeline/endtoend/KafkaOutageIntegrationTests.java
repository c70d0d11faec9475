package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Server;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenario 3: Kafka is down for about 20 s while readings keep arriving. Ingest
 * deletes nothing it could not publish and reports not ready; persistence stays ready and
 * its readings API answers, since it needs MongoDB only; after Kafka is back every
 * reading is stored exactly once and each device's readings are in order in Kafka (FIFO
 * queue, message group = device). Runs on embedded servers and on containers alike.
 */
class KafkaOutageIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	/**
	 * The batch deadline and the producer's timeouts scaled down (a batch gives up on
	 * Kafka after 5 s), so that each failed attempt takes seconds; the visibility timeout
	 * stays the queue's 30 s, so that the outage stays far from {@code maxReceiveCount}
	 * (10) receives on a slow machine.
	 */
	static final Map<String, String> SHORT_KAFKA_TIMEOUTS = Map.of("server.port", "0",
			"telemetry.ingest.listener.visibility-timeout", "30s", "telemetry.ingest.publish-timeout", "5s",
			"telemetry.ingest.listener.visibility-margin", "2s", "spring.kafka.producer.properties.max.block.ms",
			"2000", "spring.kafka.producer.properties.request.timeout.ms", "2000",
			"spring.kafka.producer.properties.delivery.timeout.ms", "4000");

	@Test
	void keepsEveryReadingThroughAKafkaOutageAndReportsNotReadyMeanwhile() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "kafka-outage", 10, true);
		try (LocalPipeline pipeline = LocalPipeline.start(servers, readings.onQueue(SHORT_KAFKA_TIMEOUTS))) {
			readings.stream(500, 250).get();

			servers.faults().stop(Server.KAFKA);
			try {
				CompletableFuture<Void> duringOutage = readings.stream(1000, 100);
				waitAtMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(Readiness.of(pipeline.ingest())).isEqualTo(503));
				assertThat(Readiness.of(pipeline.persistence())).as("the readings API needs MongoDB, not Kafka")
					.isEqualTo(200);
				assertThat(ReadingsApi.latest(pipeline, readings.deviceId(0), Duration.ofSeconds(10))
					.getStatusCode()
					.value()).isEqualTo(200);
				duringOutage.get();
				assertThat(servers.messagesOn(readings.queue())).as("messages kept on the queue while Kafka is down")
					.isPositive();
			}
			finally {
				servers.faults().start(Server.KAFKA);
			}

			waitAtMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(Readiness.of(pipeline.ingest())).isEqualTo(200);
				assertThat(Readiness.of(pipeline.persistence())).isEqualTo(200);
			});
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(servers.messagesOn(readings.queue())).isZero());
			assertThat(servers.messagesOn(readings.deadLetterQueue())).isZero();
			assertThat(pipeline.count("telemetry.ingest.messages.failed")).isPositive();
		}
		readings.assertPerDeviceOrderInKafka();
	}

}
