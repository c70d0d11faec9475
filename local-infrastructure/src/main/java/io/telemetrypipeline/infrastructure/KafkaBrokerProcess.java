package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.plain.PlainLoginModule;

/**
 * A real KRaft Kafka broker running as a child process of this JVM, from the
 * {@code kafka_2.13} jar on the classpath: a single node (broker and controller in one),
 * or one node of a {@link KafkaCluster} as its {@link Membership} says. It keeps its log
 * in a directory of its own, so {@link #stop()} or {@link #kill()} followed by
 * {@link #start()} restarts the same broker, on the same port, with its data. It listens
 * on a port of its own and advertises another one, where a proxy in front of it listens
 * (see {@link EmbeddedInfrastructure}), so that clients always come back through the
 * proxy. Brokers of a cluster replicate through a listener of their own that no proxy
 * stands in front of, so a fault of the proxies concerns clients only.
 * <p>
 * Secured (a single node only), it has a single client listener, {@code SASL_SSL} with
 * {@code SCRAM-SHA-512} (TLS key and certificate made at setup, see {@link BrokerTls}),
 * one SCRAM user per name it was given plus the super user {@value #ADMIN}, all with
 * passwords drawn at setup, and the {@code StandardAuthorizer} with
 * {@code allow.everyone.if.no.acl.found=false}: a user may do only what an ACL allows.
 * Its controller listener takes only the super user, with {@code SASL PLAIN}.
 */
@Slf4j
final class KafkaBrokerProcess implements AutoCloseable {

	/** The super user of a secured broker, for provisioning: topics and ACLs. */
	static final String ADMIN = "admin";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final String SCRAM = "SCRAM-SHA-512";

	/**
	 * The broker's ACL authorizer, named as a setting: it is on the broker's runtime
	 * classpath, not on the compile classpath.
	 */
	private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

	private final Path directory;

	private final Membership membership;

	private final boolean fullCompiler;

	/** The port the broker listens on. */
	private final int port;

	/** The port clients are told to connect to. */
	private final int advertisedPort;

	private final Path config;

	private final Path logFile;

	/** User name to password; empty for a plaintext broker. */
	private final Map<String, String> passwords;

	private final BrokerTls tls;

	private Process process;

	/**
	 * A broker that keeps its log in {@code directory}.
	 * @param directory its configuration and log
	 * @param membership its place in its cluster
	 * @param port the loopback port it listens on
	 * @param advertisedPort the loopback port clients are told to connect to
	 * @param users names of the SCRAM users of a secured broker; empty for a plaintext
	 * broker that lets everyone in
	 * @param fullCompiler whether its JVM compiles with the optimizing compiler
	 */
	KafkaBrokerProcess(Path directory, Membership membership, int port, int advertisedPort, List<String> users,
			boolean fullCompiler) {
		this.fullCompiler = fullCompiler;
		this.directory = directory;
		this.membership = membership;
		this.port = port;
		this.advertisedPort = advertisedPort;
		this.config = directory.resolve("server.properties");
		this.logFile = directory.resolve("broker.log");
		this.passwords = new LinkedHashMap<>();
		if (!users.isEmpty()) {
			this.passwords.put(ADMIN, password());
			users.forEach((user) -> this.passwords.put(user, password()));
		}
		if (secured() && membership.clusterSize() > 1) {
			throw new IllegalArgumentException("A secured Kafka broker runs as a single node");
		}
		createDirectory();
		this.tls = secured() ? BrokerTls.generate(directory, password()) : null;
		writeConfiguration();
	}

	/**
	 * The broker's node id.
	 * @return its id, from 1
	 */
	int nodeId() {
		return this.membership.nodeId();
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.advertisedPort;
	}

	/**
	 * Whether clients must authenticate over TLS.
	 * @return {@code true} for a {@code SASL_SSL} broker with ACLs
	 */
	boolean secured() {
		return !this.passwords.isEmpty();
	}

	/**
	 * The Kafka client settings with which {@code user} connects: the bootstrap servers
	 * and, on a secured broker, {@code SASL_SSL} with the user's SCRAM credentials and
	 * the broker's certificate as the only trusted one.
	 * @param user a user the broker was set up with, or {@link #ADMIN}
	 * @return client property to value, for an Admin, producer or consumer
	 */
	Map<String, Object> clientConfig(String user) {
		Map<String, Object> config = new HashMap<>();
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		if (secured()) {
			config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
			config.put(SaslConfigs.SASL_MECHANISM, SCRAM);
			config.put(SaslConfigs.SASL_JAAS_CONFIG, scramLogin(user, password(user)));
			config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, this.tls.certificate().toString());
			config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
		}
		return config;
	}

	/**
	 * The Spring Boot properties that connect a service as {@code user}: the same keys a
	 * deployment sets (see {@code k8s/components/kafka-scram}).
	 * @param user a user the broker was set up with
	 * @return property name to value; empty for a plaintext broker
	 */
	Map<String, String> springProperties(String user) {
		Map<String, String> properties = new LinkedHashMap<>();
		if (secured()) {
			properties.put("spring.kafka.security.protocol", "SASL_SSL");
			properties.put("spring.kafka.properties.sasl.mechanism", SCRAM);
			properties.put("spring.kafka.properties.sasl.jaas.config", scramLogin(user, password(user)));
			properties.put("spring.kafka.ssl.trust-store-location", this.tls.certificate().toUri().toString());
			properties.put("spring.kafka.ssl.trust-store-type", "PEM");
		}
		return properties;
	}

	private String password(String user) {
		String password = this.passwords.get(user);
		if (password == null) {
			throw new IllegalArgumentException(
					"The broker has no user '" + user + "'; it was set up with " + this.passwords.keySet());
		}
		return password;
	}

	private static String scramLogin(String user, String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
			.formatted(user, password);
	}

	/**
	 * A fresh password.
	 * @return 24 random bytes in URL-safe Base64, which neither a JAAS line nor the
	 * format tool parses
	 */
	private static String password() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Starts the broker, formatting its log directory on the first start, then waits
	 * until the broker answers.
	 */
	synchronized void start() {
		Instant started = Instant.now();
		if (launch()) {
			awaitReady();
			log.info("Kafka broker {} on {} started in {} ms (log in {})", nodeId(), bootstrapServers(),
					Duration.between(started, Instant.now()).toMillis(), this.directory);
		}
	}

	/**
	 * Starts the broker's process, formatting its log directory on the first start,
	 * without waiting for it to answer: the nodes of a cluster answer only once a quorum
	 * of controllers runs.
	 * @return {@code false} when it was running already
	 */
	synchronized boolean launch() {
		if (this.process != null && this.process.isAlive()) {
			return false;
		}
		if (!Files.exists(this.directory.resolve("log").resolve("meta.properties"))) {
			List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "-t",
					this.membership.clusterId(), "-c", this.config.toString()));
			// SCRAM credentials live in the cluster metadata: created at format time, the
			// broker authenticates its users (itself included) from its first start
			this.passwords.forEach((user, password) -> format
				.addAll(List.of("--add-scram", "%s=[name=%s,password=%s]".formatted(SCRAM, user, password))));
			run(format);
		}
		this.process = launch(List.of("kafka.Kafka", this.config.toString()));
		return true;
	}

	/** Stops the broker gracefully, as SIGTERM does. */
	synchronized void stop() {
		if (this.process != null) {
			this.process.destroy();
			awaitExit(Duration.ofSeconds(30));
		}
	}

	/** Kills the broker abruptly, as a crash would. */
	synchronized void kill() {
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

	private void createDirectory() {
		try {
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create " + this.directory, ex);
		}
	}

	private void writeConfiguration() {
		int replicas = this.membership.replicationFactor();
		int minInsync = this.membership.minInsyncReplicas();
		try {
			String properties = listeners() + """
					process.roles=%s
					node.id=%d
					controller.quorum.voters=%s
					controller.listener.names=CONTROLLER
					log.dirs=%s
					num.partitions=1
					auto.create.topics.enable=false
					offsets.topic.replication.factor=%d
					offsets.topic.num.partitions=6
					transaction.state.log.replication.factor=%5$d
					transaction.state.log.min.isr=%6$d
					share.coordinator.state.topic.replication.factor=%5$d
					share.coordinator.state.topic.min.isr=%6$d
					group.initial.rebalance.delay.ms=0
					group.consumer.min.session.timeout.ms=5000
					group.consumer.session.timeout.ms=10000
					group.consumer.min.heartbeat.interval.ms=1000
					group.consumer.heartbeat.interval.ms=1000
					log.segment.bytes=67108864
					""".formatted(this.membership.processRoles(), nodeId(), this.membership.quorumVoters(),
					this.directory.resolve("log"), replicas, minInsync) + clusterSettings();
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

	private String listeners() {
		if (secured()) {
			return securedListeners(this.membership.controllerPort());
		}
		if (this.membership.clusterSize() == 1) {
			return """
					listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
					advertised.listeners=PLAINTEXT://127.0.0.1:%3$d
					inter.broker.listener.name=PLAINTEXT
					listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
					""".formatted(this.port, this.membership.controllerPort(), this.advertisedPort);
		}
		String controller = this.membership.controller() ? ",CONTROLLER://127.0.0.1:" + this.membership.controllerPort()
				: "";
		return """
				listeners=PLAINTEXT://127.0.0.1:%1$d,INTERNAL://127.0.0.1:%2$d%3$s
				advertised.listeners=PLAINTEXT://127.0.0.1:%4$d,INTERNAL://127.0.0.1:%2$d
				inter.broker.listener.name=INTERNAL
				listener.security.protocol.map=PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT
				""".formatted(this.port, this.membership.internalPort(), controller, this.advertisedPort);
	}

	/**
	 * What a cluster adds: topics replicated by default as the {@link Membership} says,
	 * no unclean leader election, and a broker that stops heartbeating fenced (its
	 * partitions led elsewhere, itself out of every ISR) within 6 s rather than 9 s.
	 * @return the properties, empty for a single node
	 */
	private String clusterSettings() {
		if (this.membership.clusterSize() == 1) {
			return "";
		}
		return """
				default.replication.factor=%d
				min.insync.replicas=%d
				unclean.leader.election.enable=false
				broker.heartbeat.interval.ms=1000
				broker.session.timeout.ms=6000
				""".formatted(this.membership.replicationFactor(), this.membership.minInsyncReplicas());
	}

	/**
	 * One client listener, {@code SASL_SSL} with SCRAM, also used between brokers as
	 * {@value #ADMIN}; the controller listener takes only {@value #ADMIN}, with PLAIN
	 * (SCRAM credentials live in the metadata the controller serves, so the controller
	 * cannot use them itself).
	 * @param controllerPort the port of the controller listener
	 * @return the broker's listener, SASL, TLS and authorizer properties
	 */
	private String securedListeners(int controllerPort) {
		String admin = password(ADMIN);
		return """
				listeners=SASL_SSL://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				advertised.listeners=SASL_SSL://127.0.0.1:%11$d
				inter.broker.listener.name=SASL_SSL
				listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT
				sasl.enabled.mechanisms=%3$s
				sasl.mechanism.inter.broker.protocol=%3$s
				listener.name.sasl_ssl.%4$s.sasl.jaas.config=%5$s
				sasl.mechanism.controller.protocol=PLAIN
				listener.name.controller.sasl.enabled.mechanisms=PLAIN
				listener.name.controller.plain.sasl.jaas.config=%12$s \
				  required username="%6$s" password="%7$s" user_%6$s="%7$s";
				ssl.keystore.type=PKCS12
				ssl.keystore.location=%8$s
				ssl.keystore.password=%9$s
				ssl.key.password=%9$s
				ssl.truststore.type=PEM
				ssl.truststore.location=%10$s
				ssl.client.auth=none
				authorizer.class.name=%13$s
				allow.everyone.if.no.acl.found=false
				super.users=User:%6$s
				""".formatted(this.port, controllerPort, SCRAM, SCRAM.toLowerCase(Locale.ROOT),
				scramLogin(ADMIN, admin), ADMIN, admin, this.tls.keyStore(), this.tls.password(),
				this.tls.certificate(), this.advertisedPort, PlainLoginModule.class.getName(), AUTHORIZER);
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

	/**
	 * Starts a JVM of the broker. Unless asked for the optimizing compiler, it compiles
	 * with the client compiler only, which is fast enough for a test's load and costs far
	 * less CPU time on few cores: a broker was ready after 5 CPU-seconds instead of 7 to
	 * 11, and idled at 3 % of a core instead of 4.5 %.
	 * @param mainAndArguments the main class, then its arguments
	 * @return the process
	 */
	private Process launch(List<String> mainAndArguments) {
		List<String> options = new ArrayList<>(List.of("-Xms128m", "-Xmx768m", "-XX:+UseSerialGC",
				"-Dlogback.configurationFile=" + this.directory.resolve("logback.xml")));
		if (!this.fullCompiler) {
			options.add("-XX:TieredStopAtLevel=1");
		}
		return ChildJvm.start(mainAndArguments.get(0), options, mainAndArguments.subList(1, mainAndArguments.size()),
				this.logFile);
	}

	/**
	 * Waits until the broker answers through its advertised address and the cluster's
	 * metadata lists it as a live broker: a node of a cluster answers before the
	 * controller has registered it, and a topic with as many replicas as brokers cannot
	 * be created until every one is registered.
	 */
	void awaitReady() {
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		Map<String, Object> config = clientConfig(ADMIN);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
		try (Admin admin = Admin.create(config)) {
			while (true) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The Kafka broker exited during startup:\n" + logTail());
				}
				try {
					if (admin.describeCluster()
						.nodes()
						.get(2, TimeUnit.SECONDS)
						.stream()
						.anyMatch((node) -> node.id() == nodeId())) {
						return;
					}
					if (Instant.now().isAfter(deadline)) {
						throw new IllegalStateException(
								"The Kafka broker was not registered within " + STARTUP_TIMEOUT + ":\n" + logTail());
					}
					// registration follows within a heartbeat or two; ask again shortly
					TimeUnit.MILLISECONDS.sleep(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for the Kafka broker", ex);
				}
				catch (ExecutionException | TimeoutException ex) {
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

	/**
	 * A broker's place in its KRaft cluster.
	 *
	 * @param nodeId its node id, from 1
	 * @param clusterSize how many brokers the cluster has
	 * @param clusterId the id every node's log is formatted with
	 * @param quorumVoters the controller quorum, as {@code controller.quorum.voters}
	 * @param controllerPort the port of its controller listener, 0 when it is a broker
	 * only
	 * @param internalPort the port of its listener for the other brokers, 0 for a single
	 * node
	 */
	record Membership(int nodeId, int clusterSize, String clusterId, String quorumVoters, int controllerPort,
			int internalPort) {

		/**
		 * The only node of a single-node cluster: broker and controller in one.
		 * @return its membership
		 */
		static Membership singleNode() {
			int controllerPort = Ports.free();
			return new Membership(1, 1, Uuid.randomUuid().toString(), "1@127.0.0.1:" + controllerPort, controllerPort,
					0);
		}

		boolean controller() {
			return this.controllerPort != 0;
		}

		String processRoles() {
			return controller() ? "broker,controller" : "broker";
		}

		/**
		 * The replication factor of internal topics and the default of other topics.
		 * @return as many replicas as brokers, at most 3
		 */
		int replicationFactor() {
			return InfrastructureSettings.replicationFactor(this.clusterSize);
		}

		/**
		 * The {@code min.insync.replicas} default and that of internal topics.
		 * @return 2 with three replicas, otherwise 1
		 */
		int minInsyncReplicas() {
			return InfrastructureSettings.minInsyncReplicas(this.clusterSize);
		}

	}

}
