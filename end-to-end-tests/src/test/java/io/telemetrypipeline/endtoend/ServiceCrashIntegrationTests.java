package io.telemetrypipeline.endtoend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Ports;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.localrun.ServiceOutput;
import io.telemetrypipeline.localrun.ServiceProcess;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenarios 2 and 4: a service process is killed abruptly ({@code kill -9}) while
 * readings stream through it, and restarted. Whatever it had published but not
 * acknowledged, or stored but not committed, comes again and is stored once. The
 * restarted ingest-service is then stopped with SIGTERM, in its own JVM as in a pod, and
 * stops gracefully within its shutdown timeout.
 */
class ServiceCrashIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final Map<String, String> RANDOM_PORT = Map.of("server.port", "0");

	/** Quick to start rather than fast to run: a crash scenario is short. */
	static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

	static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	@Test
	void storesEveryReadingOnceWhenIngestServiceIsKilledAndRestarted() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "ingest-crash", 10, true);
		int ingestPort = Ports.free();
		try (ConfigurableApplicationContext persistence = LocalPipeline.startPersistence(servers, RANDOM_PORT);
				ServiceProcess ingest = ownJvm(IngestServiceApplication.class,
						readings.onQueue(Map.of("telemetry.ingest.listener.visibility-timeout", "10s",
								"telemetry.ingest.publish-timeout", "8s", "telemetry.ingest.listener.visibility-margin",
								"1s")),
						ingestPort)) {
			ingest.start().awaitReady(STARTUP_TIMEOUT);
			CompletableFuture<Void> stream = readings.stream(3000, 1000);
			readings.awaitSomeStored(500, Duration.ofSeconds(60));
			ingest.kill();
			ingest.start().awaitReady(STARTUP_TIMEOUT);
			stream.get();

			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(servers.messagesOn(readings.queue())).isZero());
			// then SIGTERM, as Kubernetes sends it: the restarted instance
			// finishes its polls in flight and stops within its shutdown
			// timeout. Only a JVM's shutdown runs the AWS CRT's own shutdown
			// hook, which used to cut those calls, so the stop waited out the
			// whole timeout.
			assertThat(ingest.stop(Duration.ofSeconds(30))).as("stopped gracefully").isTrue();
			assertThat(Files.readString(serviceLog(IngestServiceApplication.class, ingestPort)))
				.contains("Container telemetry-ingest stopped")
				.doesNotContain("Tasks did not finish");
		}
		readings.assertPerDeviceOrderInKafka();
	}

	@Test
	void storesEveryReadingOnceWhenPersistenceServiceIsKilledInTheMiddleOfABatch() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "persistence-crash", 10, true);
		try (ConfigurableApplicationContext ingest = LocalPipeline.startIngest(servers, readings.onQueue(RANDOM_PORT));
				ServiceProcess persistence = ownJvm(PersistenceServiceApplication.class, Map.of(), Ports.free())) {
			persistence.start().awaitReady(STARTUP_TIMEOUT);
			CompletableFuture<Void> stream = readings.stream(3000, 1000);
			readings.awaitSomeStored(500, Duration.ofSeconds(60));
			persistence.kill();
			persistence.start().awaitReady(STARTUP_TIMEOUT);
			stream.get();

			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
		}
		readings.assertPerDeviceOrderInKafka();
	}

	/**
	 * A service in a JVM of its own, on its own classpath, so that it can be killed as a
	 * crash would; its output goes to {@code target/service-logs}.
	 */
	private static ServiceProcess ownJvm(Class<?> mainClass, Map<String, String> overrides, int port) {
		return new ServiceProcess(mainClass, port, Ports.free(), JVM_OPTIONS,
				LocalPipeline.serviceArguments(servers, overrides), ServiceOutput.logFile(serviceLog(mainClass, port)));
	}

	/**
	 * The log of a service in its own JVM, named after its port: each run of a scenario
	 * writes a file of its own.
	 */
	private static Path serviceLog(Class<?> mainClass, int port) {
		return Path.of("target", "service-logs", mainClass.getSimpleName() + "-" + port + ".log");
	}

}
