package io.telemetrypipeline.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;
import io.telemetrypipeline.simulator.DeviceSimulator;
import lombok.extern.slf4j.Slf4j;

/**
 * Runs the whole pipeline on this machine: ElasticMQ on 9324 (queue
 * {@code telemetry-ingest} and its dead-letter queue), a KRaft Kafka broker on 9092, the
 * MongoDB wire server on 27017, then persistence-service on 8082 (Actuator on 8182) and
 * ingest-service on 8081 (Actuator on 8181), each in a JVM of its own on its own
 * classpath, as in production, and a device simulator. The services' output appears here,
 * each line after the service's name. Prints an access token for the readings API, then a
 * progress line every few seconds; Ctrl-C stops the simulator, ingest-service,
 * persistence-service and the servers, in that order.
 * <p>
 * Options (system properties or environment variables): {@code devices}
 * ({@code SIM_DEVICES}, default 20), {@code rate} in messages per second
 * ({@code SIM_RATE}, default 50; 0 turns the simulator off), {@code dataDir}
 * ({@code LOCAL_RUN_DIR}, default {@code .local-run}, emptied at every start).
 */
@Slf4j
public final class LocalRunApplication {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	/** Longer than the services' own shutdown phases (30 s at the most). */
	private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(45);

	private LocalRunApplication() {
	}

	public static void main(String[] args) throws InterruptedException {
		int devices = Integer.parseInt(option("devices", "SIM_DEVICES", "20"));
		double rate = Double.parseDouble(option("rate", "SIM_RATE", "50"));
		Path dataDir = Path.of(option("dataDir", "LOCAL_RUN_DIR", ".local-run")).toAbsolutePath();
		deleteRecursively(dataDir);
		CountDownLatch stopped = new CountDownLatch(1);
		PipelineInfrastructure servers = PipelineInfrastructure.embedded(InfrastructureSettings.forLocalRun(dataDir));
		TokenIssuer tokens = TokenIssuer.generate();
		ServiceProcess persistence = new ServiceProcess(PersistenceServiceApplication.class, 8082, 8182,
				ServiceProcess.PRODUCTION_JVM_OPTIONS,
				LocalPipeline.serviceArguments(servers, tokens.resourceServerProperties()),
				ServiceOutput.console("persistence | "));
		ServiceProcess ingest = new ServiceProcess(IngestServiceApplication.class, 8081, 8181,
				ServiceProcess.PRODUCTION_JVM_OPTIONS, LocalPipeline.serviceArguments(servers, Map.of()),
				ServiceOutput.console("ingest      | "));
		DeviceSimulator simulator = new DeviceSimulator(servers.sqsClient(), PipelineNames.INGEST_QUEUE, devices, rate);
		ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping the simulator");
			simulator.close();
			progress.shutdownNow();
			stopService("ingest-service", ingest);
			stopService("persistence-service", persistence);
			log.info("Stopping the servers");
			servers.close();
			log.info("Stopped");
			stopped.countDown();
		}, "local-run-shutdown"));
		try {
			startService("persistence-service", persistence);
			startService("ingest-service", ingest);
		}
		catch (IllegalStateException ex) {
			log.error("The pipeline did not start: {}", ex.getMessage());
			// the shutdown hook stops whatever did start
			System.exit(1);
		}
		printWelcome(servers, LocalPipeline.readingsToken(tokens), devices, rate);
		simulator.start();
		progress.scheduleAtFixedRate(new ProgressLine(ingest.management(), persistence.management(), simulator), 5, 5,
				TimeUnit.SECONDS);
		stopped.await();
	}

	private static void startService(String name, ServiceProcess service) {
		log.info("Starting {}", name);
		service.start().awaitReady(STARTUP_TIMEOUT);
		log.info("{} is ready", name);
	}

	private static void stopService(String name, ServiceProcess service) {
		log.info("Stopping {} (SIGTERM, graceful shutdown within {} s)", name, SHUTDOWN_GRACE.toSeconds());
		if (service.stop(SHUTDOWN_GRACE)) {
			log.info("{} stopped", name);
		}
		else {
			log.warn("{} did not stop within {} s and was killed", name, SHUTDOWN_GRACE.toSeconds());
		}
	}

	private static void printWelcome(PipelineInfrastructure servers, String token, int devices, double rate) {
		log.info(
				"""

						Pipeline is up.
						  SQS (ElasticMQ)       {}   queue {}
						  Kafka                 {}
						  MongoDB wire server   {}   database telemetry, collection readings
						  ingest-service        http://localhost:8181/actuator/health   (Actuator port)
						  persistence-service   http://localhost:8182/actuator/health   (Actuator port)
						  readings API          http://localhost:8082/api/devices/{id}/readings
						  simulator             {} devices, {} messages/s (set -Ddevices= / -Drate=)

						Send your own reading, with the clientId the IoT rule would add (it must equal the deviceId):
						  aws --endpoint-url {} --region us-east-1 sqs send-message \\
						    --queue-url {}/000000000000/{} \\
						    --message-body '{"deviceId":"my-device","timestamp":"2026-11-24T10:15:30Z","readings":{"temperature":21.5},"clientId":"my-device"}'
						Read it back with this access token (scope readings:read, valid {} hours):
						  export TOKEN={}
						  curl -H "Authorization: Bearer $TOKEN" http://localhost:8082/api/devices/my-device/readings/latest

						Ctrl-C stops everything.
						""",
				servers.sqsEndpoint(), PipelineNames.INGEST_QUEUE, servers.kafkaBootstrapServers(), servers.mongoUri(),
				devices, rate, servers.sqsEndpoint(), servers.sqsEndpoint(), PipelineNames.INGEST_QUEUE,
				LocalPipeline.TOKEN_VALIDITY.toHours(), token);
	}

	/**
	 * Deletes what the previous run left: every run starts empty, since MongoDB is in
	 * memory and Kafka's log must not outlive it.
	 * @param directory the run's data directory, deleted with everything in it
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

	/**
	 * One short line of throughput per stage, from each service's Prometheus endpoint.
	 */
	private record ProgressLine(ManagementEndpoints ingest, ManagementEndpoints persistence,
			DeviceSimulator simulator) implements Runnable {

		@Override
		public void run() {
			ManagementEndpoints.Scrape fromIngest = this.ingest.prometheus();
			ManagementEndpoints.Scrape fromPersistence = this.persistence.prometheus();
			log.info("sent {} | received {} | published {} | rejected {} | stored {} | duplicates {}",
					this.simulator.sent(), count(fromIngest, "telemetry.ingest.messages.received"),
					count(fromIngest, "telemetry.ingest.messages.published"),
					count(fromIngest, "telemetry.ingest.messages.rejected"),
					count(fromPersistence, "telemetry.persistence.records.written"),
					count(fromPersistence, "telemetry.persistence.records.duplicates"));
		}

		private static long count(ManagementEndpoints.Scrape scrape, String counter) {
			return (long) scrape.counter(counter);
		}

	}

}
