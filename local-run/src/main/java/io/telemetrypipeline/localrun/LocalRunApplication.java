package io.telemetrypipeline.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.simulator.DeviceSimulator;
import lombok.extern.slf4j.Slf4j;

/**
 * Runs the whole pipeline on this machine: ElasticMQ on 9324 (queue
 * {@code telemetry-ingest} and its dead-letter queue), a KRaft Kafka broker on 9092, the
 * MongoDB wire server on 27017, ingest-service on 8081 (Actuator on 8181),
 * persistence-service on 8082 (Actuator on 8182) and a device simulator. Prints an access
 * token for the readings API, then a progress line every few seconds; Ctrl-C stops
 * everything.
 * <p>
 * Options (system properties or environment variables): {@code devices}
 * ({@code SIM_DEVICES}, default 20), {@code rate} in messages per second
 * ({@code SIM_RATE}, default 50; 0 turns the simulator off), {@code dataDir}
 * ({@code LOCAL_RUN_DIR}, default {@code .local-run}, emptied at every start).
 */
@Slf4j
public final class LocalRunApplication {

	private LocalRunApplication() {
	}

	public static void main(String[] args) throws InterruptedException {
		int devices = Integer.parseInt(option("devices", "SIM_DEVICES", "20"));
		double rate = Double.parseDouble(option("rate", "SIM_RATE", "50"));
		Path dataDir = Path.of(option("dataDir", "LOCAL_RUN_DIR", ".local-run")).toAbsolutePath();
		deleteRecursively(dataDir);
		CountDownLatch stopped = new CountDownLatch(1);
		PipelineInfrastructure servers = PipelineInfrastructure.embedded(InfrastructureSettings.forLocalRun(dataDir));
		LocalPipeline pipeline = LocalPipeline.start(servers, Map.of());
		DeviceSimulator simulator = new DeviceSimulator(servers.sqsClient(), "telemetry-ingest", devices, rate);
		ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping: simulator, ingest-service, persistence-service, servers");
			simulator.close();
			progress.shutdownNow();
			pipeline.close();
			servers.close();
			stopped.countDown();
		}, "local-run-shutdown"));
		printWelcome(servers, pipeline.readingsToken(), devices, rate);
		simulator.start();
		progress.scheduleAtFixedRate(new ProgressLine(pipeline, simulator, Duration.ofSeconds(5)), 5, 5,
				TimeUnit.SECONDS);
		stopped.await();
	}

	private static void printWelcome(PipelineInfrastructure servers, String token, int devices, double rate) {
		log.info(
				"""

						Pipeline is up.
						  SQS (ElasticMQ)       {}   queue telemetry-ingest
						  Kafka                 {}
						  MongoDB wire server   {}   database telemetry, collection readings
						  ingest-service        http://localhost:8181/actuator/health   (Actuator port)
						  persistence-service   http://localhost:8182/actuator/health   (Actuator port)
						  readings API          http://localhost:8082/api/devices/{id}/readings
						  simulator             {} devices, {} messages/s (set -Ddevices= / -Drate=)

						Send your own reading, with the clientId the IoT rule would add (it must equal the deviceId):
						  aws --endpoint-url {} --region us-east-1 sqs send-message \\
						    --queue-url {}/000000000000/telemetry-ingest \\
						    --message-body '{"deviceId":"my-device","timestamp":"2026-11-24T10:15:30Z","readings":{"temperature":21.5},"clientId":"my-device"}'
						Read it back with this access token (scope readings:read, valid {} hours):
						  export TOKEN={}
						  curl -H "Authorization: Bearer $TOKEN" http://localhost:8082/api/devices/my-device/readings/latest

						Ctrl-C stops everything.
						""",
				servers.sqsEndpoint(), servers.kafkaBootstrapServers(), servers.mongoUri(), devices, rate,
				servers.sqsEndpoint(), servers.sqsEndpoint(), LocalPipeline.TOKEN_VALIDITY.toHours(), token);
	}

	/**
	 * Every run starts empty: MongoDB is in memory, so Kafka's log must not outlive it
	 * either.
	 */
	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot clear " + directory, ex);
		}
	}

	private static String option(String property, String env, String fallback) {
		String value = System.getProperty(property);
		if (value == null) {
			value = System.getenv(env);
		}
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	/** One short line of throughput per stage. */
	private record ProgressLine(LocalPipeline pipeline, DeviceSimulator simulator,
			Duration period) implements Runnable {

		@Override
		public void run() {
			double received = this.pipeline.count("telemetry.ingest.messages.received");
			double published = this.pipeline.count("telemetry.ingest.messages.published");
			double rejected = this.pipeline.count("telemetry.ingest.messages.rejected");
			double stored = this.pipeline.count("telemetry.persistence.records.written");
			double duplicates = this.pipeline.count("telemetry.persistence.records.duplicates");
			log.info("sent {} | received {} | published {} | rejected {} | stored {} | duplicates {}",
					this.simulator.sent(), (long) received, (long) published, (long) rejected, (long) stored,
					(long) duplicates);
		}

	}

}
