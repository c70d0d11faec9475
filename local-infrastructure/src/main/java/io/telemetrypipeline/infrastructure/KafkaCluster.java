package io.telemetrypipeline.infrastructure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.telemetrypipeline.infrastructure.KafkaBrokerProcess.Membership;
import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;

/**
 * The Kafka brokers of the embedded servers: a single {@link KafkaBrokerProcess} (broker
 * and controller in one), or a KRaft cluster of several, each a process of its own with
 * its own log. In a cluster the first three nodes (all of them, when there are fewer) are
 * broker and controller in one, so the controller quorum outlives the loss of any one of
 * three, and further nodes are brokers only. Clients are given every broker's address.
 */
@Slf4j
final class KafkaCluster implements AutoCloseable {

	private static final int MAX_CONTROLLERS = 3;

	private final Path directory;

	private final List<KafkaBrokerProcess> brokers;

	/** When {@link #launch()} last started a process that has not been awaited yet. */
	private Instant launched;

	private KafkaCluster(Path directory, List<KafkaBrokerProcess> brokers) {
		this.directory = directory;
		this.brokers = brokers;
	}

	/**
	 * Lays out the brokers, one per entry of {@code ports}; none is started yet.
	 * @param directory where the brokers keep their logs: the broker's own for a single
	 * one, a {@code broker-<id>} folder per broker for a cluster
	 * @param ports the port each broker listens on for clients
	 * @param advertisedPorts the port each broker tells clients to connect to (its proxy)
	 * @param users the SCRAM users of a secured single broker; empty for plaintext
	 * @param fullCompiler whether the brokers compile with the optimizing compiler (see
	 * {@link InfrastructureSettings#kafkaFullCompiler()})
	 * @return the brokers
	 */
	static KafkaCluster create(Path directory, List<Integer> ports, List<Integer> advertisedPorts, List<String> users,
			boolean fullCompiler) {
		int size = ports.size();
		if (size == 1) {
			return new KafkaCluster(directory, List.of(new KafkaBrokerProcess(directory, Membership.singleNode(),
					ports.get(0), advertisedPorts.get(0), users, fullCompiler)));
		}
		String clusterId = Uuid.randomUuid().toString();
		List<Integer> controllerPorts = new ArrayList<>();
		for (int node = 1; node <= size; node++) {
			controllerPorts.add((node <= MAX_CONTROLLERS) ? Ports.free() : 0);
		}
		StringBuilder voters = new StringBuilder();
		for (int node = 1; node <= Math.min(size, MAX_CONTROLLERS); node++) {
			voters.append((node > 1) ? "," : "")
				.append(node)
				.append("@127.0.0.1:")
				.append(controllerPorts.get(node - 1));
		}
		List<KafkaBrokerProcess> brokers = new ArrayList<>();
		for (int node = 1; node <= size; node++) {
			Membership membership = new Membership(node, size, clusterId, voters.toString(),
					controllerPorts.get(node - 1), Ports.free());
			brokers.add(new KafkaBrokerProcess(directory.resolve("broker-" + node), membership, ports.get(node - 1),
					advertisedPorts.get(node - 1), users, fullCompiler));
		}
		return new KafkaCluster(directory, List.copyOf(brokers));
	}

	/**
	 * Every broker's advertised address.
	 * @return {@code host:port} pairs separated by commas
	 */
	String bootstrapServers() {
		return this.brokers.stream().map(KafkaBrokerProcess::bootstrapServers).collect(Collectors.joining(","));
	}

	/**
	 * The client settings of a user, with every broker's address.
	 * @param user a user the brokers were set up with
	 * @return client property to value
	 * @see KafkaBrokerProcess#clientConfig(String)
	 */
	Map<String, Object> clientConfig(String user) {
		Map<String, Object> config = this.brokers.get(0).clientConfig(user);
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		return config;
	}

	/**
	 * The Spring Boot security properties of a user; the same for every broker.
	 * @param user a user the brokers were set up with
	 * @return property name to value; empty for plaintext brokers
	 */
	Map<String, String> springProperties(String user) {
		return this.brokers.get(0).springProperties(user);
	}

	/**
	 * The broker with the given node id.
	 * @param nodeId from 1 to the number of brokers
	 * @return the broker
	 */
	KafkaBrokerProcess broker(int nodeId) {
		if (nodeId < 1 || nodeId > this.brokers.size()) {
			throw new IllegalArgumentException(
					"There is no Kafka broker " + nodeId + "; the brokers are 1 to " + this.brokers.size());
		}
		return this.brokers.get(nodeId - 1);
	}

	/**
	 * Starts every broker that is not running and waits until each answers.
	 */
	void start() {
		launch();
		awaitReady();
	}

	/**
	 * Starts the process of every broker that is not running, without waiting for them to
	 * answer ({@link #awaitReady()}), so that other servers can start meanwhile. The
	 * processes start together: a node of a cluster answers only once a quorum of
	 * controllers runs.
	 */
	synchronized void launch() {
		Instant started = Instant.now();
		AtomicBoolean any = new AtomicBoolean();
		onEachAtOnce((broker) -> {
			if (broker.launch()) {
				any.set(true);
			}
		});
		if (any.get()) {
			this.launched = started;
		}
	}

	/**
	 * Waits until every broker answers.
	 */
	synchronized void awaitReady() {
		this.brokers.forEach(KafkaBrokerProcess::awaitReady);
		if (this.launched != null) {
			log.info("Kafka {} on {} started in {} ms (log in {})",
					(this.brokers.size() == 1) ? "broker" : "cluster of " + this.brokers.size() + " brokers",
					bootstrapServers(), Duration.between(this.launched, Instant.now()).toMillis(), this.directory);
			this.launched = null;
		}
	}

	/**
	 * Stops the brokers: a single one gracefully, as SIGTERM does; those of a cluster
	 * abruptly and all at once, since each one's graceful shutdown waits for a controller
	 * quorum that is going down beside it (about 30 s). They recover their logs on the
	 * next start.
	 */
	void stop() {
		if (this.brokers.size() == 1) {
			this.brokers.get(0).stop();
			return;
		}
		onEachAtOnce(KafkaBrokerProcess::kill);
	}

	@Override
	public void close() {
		stop();
	}

	private void onEachAtOnce(Consumer<KafkaBrokerProcess> action) {
		CompletableFuture
			.allOf(this.brokers.stream()
				.map((broker) -> CompletableFuture.runAsync(() -> action.accept(broker)))
				.toArray(CompletableFuture[]::new))
			.join();
	}

}
