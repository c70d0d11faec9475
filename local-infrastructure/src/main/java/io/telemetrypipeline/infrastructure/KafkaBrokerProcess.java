package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one) running as a child
 * process of this JVM, from the {@code kafka_2.13} jar on the classpath. It keeps its log
 * in a directory of its own, so {@link #stop()} or {@link #kill()} followed by
 * {@link #start()} restarts the same broker, on the same port, with its data.
 */
@Slf4j
public final class KafkaBrokerProcess implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final Path directory;

	private final int port;

	private final Path config;

	private final Path logFile;

	private Process process;

	KafkaBrokerProcess(Path directory, int port) {
		this.directory = directory;
		this.port = (port != 0) ? port : Ports.free();
		this.config = directory.resolve("server.properties");
		this.logFile = directory.resolve("broker.log");
		writeConfiguration(Ports.free());
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Starts the broker (formatting its log directory the first time) and waits until it
	 * answers.
	 */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		Instant started = Instant.now();
		if (!Files.exists(this.directory.resolve("log").resolve("meta.properties"))) {
			run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
					this.config.toString()));
		}
		this.process = launch(List.of("kafka.Kafka", this.config.toString()));
		awaitReady();
		log.info("Kafka broker on {} started in {} ms (log in {})", bootstrapServers(),
				Duration.between(started, Instant.now()).toMillis(), this.directory);
	}

	/** Stops the broker gracefully, as SIGTERM does. */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.destroy();
			awaitExit(Duration.ofSeconds(30));
		}
	}

	/** Kills the broker abruptly, as a crash would. */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			awaitExit(Duration.ofSeconds(10));
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void writeConfiguration(int controllerPort) {
		try {
			Files.createDirectories(this.directory);
			String properties = """
					process.roles=broker,controller
					node.id=1
					controller.quorum.voters=1@127.0.0.1:%2$d
					listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
					advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
					controller.listener.names=CONTROLLER
					inter.broker.listener.name=PLAINTEXT
					listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
					log.dirs=%3$s
					num.partitions=1
					auto.create.topics.enable=false
					offsets.topic.replication.factor=1
					offsets.topic.num.partitions=6
					transaction.state.log.replication.factor=1
					transaction.state.log.min.isr=1
					share.coordinator.state.topic.replication.factor=1
					share.coordinator.state.topic.min.isr=1
					group.initial.rebalance.delay.ms=0
					group.consumer.min.session.timeout.ms=5000
					group.consumer.session.timeout.ms=10000
					group.consumer.min.heartbeat.interval.ms=1000
					group.consumer.heartbeat.interval.ms=1000
					log.segment.bytes=67108864
					""".formatted(this.port, controllerPort, this.directory.resolve("log"));
			if (!Files.exists(this.config)) {
				Files.writeString(this.config, properties);
			}
			Files.writeString(this.directory.resolve("logback.xml"), """
					<configuration>
						<appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
							<encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
						</appender>
						<root level="WARN"><appender-ref ref="OUT"/></root>
						<logger name="kafka.server.KafkaRaftServer" level="INFO"/>
					</configuration>
					""");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the Kafka configuration in " + this.directory, ex);
		}
	}

	private void run(List<String> command) {
		Process tool = launch(command);
		try {
			if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
				throw new IllegalStateException("'" + command.get(0) + "' failed:\n" + logTail());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command.get(0), ex);
		}
	}

	private Process launch(List<String> mainAndArguments) {
		return ChildJvm.start(mainAndArguments.get(0),
				List.of("-Xms128m", "-Xmx768m", "-XX:+UseSerialGC",
						"-Dlogback.configurationFile=" + this.directory.resolve("logback.xml")),
				mainAndArguments.subList(1, mainAndArguments.size()), this.logFile);
	}

	private void awaitReady() {
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				2000);
		try (Admin admin = Admin.create(config)) {
			while (true) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The Kafka broker exited during startup:\n" + logTail());
				}
				try {
					admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
					return;
				}
				catch (Exception ex) {
					if (Instant.now().isAfter(deadline)) {
						throw new IllegalStateException(
								"The Kafka broker did not answer within " + STARTUP_TIMEOUT + ":\n" + logTail(), ex);
					}
				}
			}
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no broker log: " + ex.getMessage() + ")";
		}
	}

}
