package io.telemetrypipeline.endtoend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Ports;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.localrun.ServiceOutput;
import io.telemetrypipeline.localrun.ServiceProcess;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A healthy run logs nothing an operator must look at: each service started in a JVM of
 * its own with its production options, a steady stream of readings through both, and a
 * graceful stop (SIGTERM), and neither log holds a line at WARN or ERROR, nor a warning
 * of the JVM. An operator who learns to ignore such lines misses the real ones.
 */
class ServiceLogsIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	/** A log line at WARN or ERROR (Spring Boot's pattern), or a warning of the JVM. */
	static final Pattern PROBLEM = Pattern.compile("^(\\S+\\s+(WARN|ERROR)\\s|WARNING:|Exception in thread)");

	@Test
	void logsNoWarningOrErrorWhenBothServicesStartStreamAndStopGracefully() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "clean-logs", 8, false);
		Path ingestLog = log("ingest-service");
		Path persistenceLog = log("persistence-service");
		// configured as the local run configures it: with no issuer, persistence-service
		// rightly warns that its API
		// refuses every request
		Map<String, String> tokens = TokenIssuer.generate().resourceServerProperties();
		try (ServiceProcess persistence = ownJvm(PersistenceServiceApplication.class, tokens, persistenceLog);
				ServiceProcess ingest = ownJvm(IngestServiceApplication.class, readings.onQueue(Map.of()), ingestLog)) {
			persistence.start();
			ingest.start();
			persistence.awaitReady(STARTUP_TIMEOUT);
			ingest.awaitReady(STARTUP_TIMEOUT);
			CompletableFuture<Void> stream = readings.stream(1000, 200);
			stream.get();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(120));
			assertThat(ingest.stop(Duration.ofSeconds(45))).as("ingest-service stopped gracefully").isTrue();
			assertThat(persistence.stop(Duration.ofSeconds(45))).as("persistence-service stopped gracefully").isTrue();
		}
		assertThat(problems(ingestLog)).as("WARN and ERROR lines of ingest-service, in %s", ingestLog).isEmpty();
		assertThat(problems(persistenceLog)).as("WARN and ERROR lines of persistence-service, in %s", persistenceLog)
			.isEmpty();
		assertThat(Files.readString(ingestLog)).contains("Started IngestServiceApplication");
		assertThat(Files.readString(persistenceLog)).contains("Started PersistenceServiceApplication");
	}

	private static ServiceProcess ownJvm(Class<?> mainClass, Map<String, String> overrides, Path log) {
		return new ServiceProcess(mainClass, Ports.free(), Ports.free(), ServiceProcess.PRODUCTION_JVM_OPTIONS,
				LocalPipeline.serviceArguments(servers, overrides), ServiceOutput.logFile(log));
	}

	private static Path log(String service) throws IOException {
		Path file = Path.of("target", "service-logs", "clean-" + service + ".log");
		Files.deleteIfExists(file);
		return file;
	}

	private static List<String> problems(Path log) throws IOException {
		return Files.readAllLines(log, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> PROBLEM.matcher(line).find())
			.toList();
	}

}
