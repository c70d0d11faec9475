package io.telemetrypipeline.localrun;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenarios 2 and 4: a service process is killed abruptly ({@code kill -9}) while
 * readings stream through it, and restarted. Whatever it had published but not
 * acknowledged, or stored but not committed, comes again and is stored once.
 */
class ServiceCrashIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final String QUEUE = "telemetry-ingest.fifo";

	static final Map<String, String> ON_FIFO = Map.of("server.port", "0", "telemetry.ingest.queue", QUEUE);

	@Test
	void storesEveryReadingOnceWhenIngestServiceIsKilledAndRestarted() throws Exception {
		ScenarioReadings readings = new ScenarioReadings(servers, "ingest-crash", 10, QUEUE);
		try (ConfigurableApplicationContext persistence = LocalPipeline.startPersistence(servers, ON_FIFO);
				ServiceProcess ingest = new ServiceProcess(IngestServiceApplication.class,
						LocalPipeline.ingestArguments(servers, Map.of("telemetry.ingest.queue", QUEUE,
								"telemetry.ingest.listener.visibility-timeout", "10s")))) {
			ingest.start();
			CompletableFuture<Void> stream = readings.stream(3000, 1000);
			readings.awaitSomeStored(500, Duration.ofSeconds(60));
			ingest.kill();
			ingest.start();
			stream.get();

			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
			waitAtMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(servers.messagesOn(QUEUE)).isZero());
		}
		readings.assertPerDeviceOrderInKafka();
	}

	@Test
	void storesEveryReadingOnceWhenPersistenceServiceIsKilledInTheMiddleOfABatch() throws Exception {
		ScenarioReadings readings = new ScenarioReadings(servers, "persistence-crash", 10, QUEUE);
		try (ConfigurableApplicationContext ingest = LocalPipeline.startIngest(servers, ON_FIFO);
				ServiceProcess persistence = new ServiceProcess(PersistenceServiceApplication.class,
						LocalPipeline.persistenceArguments(servers, Map.of()))) {
			persistence.start();
			CompletableFuture<Void> stream = readings.stream(3000, 1000);
			readings.awaitSomeStored(500, Duration.ofSeconds(60));
			persistence.kill();
			persistence.start();
			stream.get();

			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
		}
		readings.assertPerDeviceOrderInKafka();
	}

}
