package io.telemetrypipeline.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.infrastructure.iot.DeviceCredentials;
import io.telemetrypipeline.infrastructure.iot.LocalIotCore;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;
import io.telemetrypipeline.simulator.DeviceSimulator;
import lombok.extern.slf4j.Slf4j;

/**
 * Runs the whole pipeline on this machine: ElasticMQ on 9324 (queue
 * {@code telemetry-ingest} and its dead-letter queue), a KRaft Kafka broker on 9092, the
 * MongoDB wire server on 27017, the local stand-in for AWS IoT Core (MQTT over mutual TLS
 * on 8883, with the IoT rule forwarding to the queue; its certificates in
 * {@code <dataDir>/iot/certificates}), then persistence-service on 8082 (Actuator on
 * 8182) and ingest-service on 8081 (Actuator on 8181), each in a JVM of its own on its
 * own classpath, as in production, and a device simulator whose devices publish over MQTT
 * with their own certificates. The services' output appears here, each line after the
 * service's name. Prints an access token for the readings API, then a progress line every
 * few seconds; Ctrl-C stops the simulator, the MQTT broker, ingest-service,
 * persistence-service and the servers, in that order.
 * <p>
 * Options (system properties or environment variables): {@code devices}
 * ({@code SIM_DEVICES}, default 20), {@code rate} in messages per second
 * ({@code SIM_RATE}, default 50; 0 turns the simulator off), {@code dataDir}
 * ({@code LOCAL_RUN_DIR}, default {@code .local-run}, emptied at every start),
 * {@code verbose} ({@code LOCAL_RUN_VERBOSE}, or the argument {@code --verbose}).
 */
@Slf4j
public final class LocalRunApplication {

	/** The device the welcome text publishes as. */
	private static final String MY_DEVICE = "my-device";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	/** Longer than the services' own shutdown phases (30 s at the most). */
	private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(45);

	private LocalRunApplication() {
	}

	public static void main(String[] args) throws InterruptedException {
		boolean verbose = List.of(args).contains("--verbose")
				|| Boolean.parseBoolean(option("verbose", "LOCAL_RUN_VERBOSE", "false"));
		int devices = Integer.parseInt(option("devices", "SIM_DEVICES", "20"));
		double rate = Double.parseDouble(option("rate", "SIM_RATE", "50"));
		Path dataDir = Path.of(option("dataDir", "LOCAL_RUN_DIR", ".local-run")).toAbsolutePath();
		deleteRecursively(dataDir);
		CountDownLatch stopped = new CountDownLatch(1);
		PipelineInfrastructure servers = PipelineInfrastructure.embedded(InfrastructureSettings.forLocalRun(dataDir));
		LocalIotCore iotCore = LocalIotCore.start(LocalIotCore.MQTTS_PORT, dataDir.resolve("iot"), servers,
				PipelineNames.INGEST_QUEUE);
		DeviceCredentials myDevice = iotCore.registerDevice(MY_DEVICE);
		for (int device = 0; device < devices; device++) {
			iotCore.registerDevice(DeviceSimulator.thingName(device));
		}
		TokenIssuer tokens = TokenIssuer.generate();
		ServiceProcess persistence = new ServiceProcess(PersistenceServiceApplication.class, 8082, 8182,
				ServiceProcess.PRODUCTION_JVM_OPTIONS,
				LocalPipeline.serviceArguments(servers, tokens.resourceServerProperties()),
				output(verbose, dataDir, "persistence-service", "persistence | "));
		ServiceProcess ingest = new ServiceProcess(IngestServiceApplication.class, 8081, 8181,
				ServiceProcess.PRODUCTION_JVM_OPTIONS, LocalPipeline.serviceArguments(servers, Map.of()),
				output(verbose, dataDir, "ingest-service", "ingest      | "));
		ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
		AtomicReference<DeviceSimulator> simulator = new AtomicReference<>();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping the simulator");
			if (simulator.get() != null) {
				simulator.get().close();
			}
			progress.shutdownNow();
			log.info("Stopping the MQTT broker");
			iotCore.close();
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
		simulator.set(DeviceSimulator.overMqtt("127.0.0.1", iotCore.port(), myDevice.certificate().getParent(), devices,
				rate));
		printWelcome(servers, iotCore, myDevice, LocalPipeline.readingsToken(tokens), devices, rate,
				verbose ? "" : "Service logs: " + dataDir.resolve("logs") + " (here: their WARN and ERROR lines only;"
						+ " --verbose shows every line)\n");
		simulator.get().start();
		progress.scheduleAtFixedRate(new ProgressLine(ingest.management(), persistence.management(), simulator.get()),
				5, 5, TimeUnit.SECONDS);
		stopped.await();
	}

	private static ServiceOutput output(boolean verbose, Path dataDir, String service, String prefix) {
		return verbose ? ServiceOutput.console(prefix)
				: ServiceOutput.problemsOnConsole(dataDir.resolve("logs").resolve(service + ".log"), prefix);
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

	private static void printWelcome(PipelineInfrastructure servers, LocalIotCore iotCore, DeviceCredentials device,
			String token, int devices, double rate, String logs) {
		log.info(
				"""

						Pipeline is up.
						  MQTT (IoT Core)       mqtts://127.0.0.1:{}   client certificates of {}
						  SQS (ElasticMQ)       {}   queue {}
						  Kafka                 {}
						  MongoDB wire server   {}   database telemetry, collection readings
						  ingest-service        http://localhost:8181/actuator/health   (Actuator port)
						  persistence-service   http://localhost:8182/actuator/health   (Actuator port)
						  readings API          http://localhost:8082/api/devices/{id}/readings
						  simulator             {} devices over MQTT, {} messages/s (set SIM_DEVICES= / SIM_RATE=)

						Publish a reading as device {} with its certificate (mosquitto_pub: Debian package mosquitto-clients):
						  mosquitto_pub -h 127.0.0.1 -p {} -q 1 -i {} -t devices/{}/telemetry \\
						    --cafile {} \\
						    --cert {} \\
						    --key {} \\
						    -m '{"deviceId":"{}","timestamp":"2026-11-24T10:15:30Z","readings":{"temperature":21.5}}'
						Read it back with this access token (scope readings:read, valid {} hours):
						  export TOKEN={}
						  curl -H "Authorization: Bearer $TOKEN" http://localhost:8082/api/devices/{}/readings/latest
						  curl -H "Authorization: Bearer $TOKEN" 'http://localhost:8082/api/devices?silentFor=PT1M'   (devices silent for a minute)

						{}Ctrl-C stops everything.
						""",
				iotCore.port(), iotCore.authority().certificatePath(), servers.sqsEndpoint(),
				PipelineNames.INGEST_QUEUE, servers.kafkaBootstrapServers(), servers.mongoUri(), devices, rate,
				device.thingName(), iotCore.port(), device.thingName(), device.thingName(), device.caCertificate(),
				device.certificate(), device.privateKey(), device.thingName(), LocalPipeline.TOKEN_VALIDITY.toHours(),
				token, device.thingName(), logs);
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
