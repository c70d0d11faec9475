package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenarios 7 and 8: instances come and go while readings stream. Two
 * ingest-service instances share the queue; persistence-service goes from 1 to 3
 * instances and back to 1 (the consumer group rebalances each time); and every instance
 * that leaves is shut down gracefully with work in flight, as SIGTERM does in Kubernetes.
 * Every reading is stored once and keeps its order in Kafka.
 */
class ScalingIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final int PARTITIONS = 6;

	static final Map<String, String> RANDOM_PORT = Map.of("server.port", "0");

	@Test
	void storesEveryReadingOnceWhileInstancesScaleOutAndIn() throws Exception {
		Map<String, String> twoConsumersEach = Map.of("server.port", "0", "spring.kafka.listener.concurrency", "2");
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "scaling", 12, true);
		List<ConfigurableApplicationContext> persistence = new ArrayList<>();
		List<ConfigurableApplicationContext> ingest = new ArrayList<>();
		try {
			persistence.add(LocalPipeline.startPersistence(servers, twoConsumersEach));
			// Start from a settled group: a member of an earlier scenario that was
			// closing while partitions were assigned to it can hold them for up to a
			// minute (see docs/guarantees.md).
			waitAtMost(Duration.ofSeconds(150)).until(() -> assignedPartitions(persistence.get(0)) == PARTITIONS);
			ingest.add(LocalPipeline.startIngest(servers, readings.onQueue(RANDOM_PORT)));
			ingest.add(LocalPipeline.startIngest(servers, readings.onQueue(RANDOM_PORT)));
			CompletableFuture<Void> stream = readings.stream(4000, 400);

			readings.awaitSomeStored(500, Duration.ofSeconds(60));
			persistence.add(LocalPipeline.startPersistence(servers, twoConsumersEach));
			persistence.add(LocalPipeline.startPersistence(servers, twoConsumersEach));
			waitAtMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(persistence)
				.allSatisfy((instance) -> assertThat(written(instance)).as("stored by each instance").isPositive()));
			// Scale in one instance at a time from a settled group: an instance stopped
			// while partitions are being handed to it holds them for up to a minute
			// (see docs/guarantees.md).
			waitAtMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(persistence)
				.allSatisfy((instance) -> assertThat(assignedPartitions(instance)).isEqualTo(PARTITIONS / 3)));
			persistence.remove(2).close();
			waitAtMost(Duration.ofSeconds(60)).until(() -> persistence.stream()
				.mapToInt(ScalingIntegrationTests::assignedPartitions)
				.sum() == PARTITIONS);
			persistence.remove(1).close();
			stream.get();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(servers.messagesOn(readings.queue())).isZero());
			assertThat(ingest).allSatisfy((instance) -> assertThat(
					instance.getBean(MeterRegistry.class).counter("telemetry.ingest.messages.published").count())
				.as("published by each ingest instance")
				.isPositive());
		}
		finally {
			ingest.forEach(ConfigurableApplicationContext::close);
			persistence.forEach(ConfigurableApplicationContext::close);
		}
		readings.assertPerDeviceOrderInKafka();
	}

	private static int assignedPartitions(ConfigurableApplicationContext persistence) {
		return persistence.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainers()
			.stream()
			.mapToInt((container) -> (container.getAssignedPartitions() != null)
					? container.getAssignedPartitions().size() : 0)
			.sum();
	}

	private static double written(ConfigurableApplicationContext persistence) {
		return persistence.getBean(MeterRegistry.class).counter("telemetry.persistence.records.written").count();
	}

	@Test
	void storesEveryReadingOnceWhenTheServicesShutDownGracefullyWithWorkInFlight() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "graceful", 10, true);
		CompletableFuture<Void> stream = readings.stream(3000, 1000);
		try (LocalPipeline first = LocalPipeline.start(servers, readings.onQueue(RANDOM_PORT))) {
			readings.awaitSomeStored(500, Duration.ofSeconds(60));
		}
		try (LocalPipeline second = LocalPipeline.start(servers, readings.onQueue(RANDOM_PORT))) {
			stream.get();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(servers.messagesOn(readings.queue())).isZero());
			assertThat(servers.messagesOn(readings.deadLetterQueue())).isZero();
		}
		readings.assertPerDeviceOrderInKafka();
	}

}
