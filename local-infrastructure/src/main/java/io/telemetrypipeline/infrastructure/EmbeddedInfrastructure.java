package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.infrastructure.proxy.TcpProxy;

/**
 * The servers without Docker: a KRaft Kafka broker process (or a cluster of them, see
 * {@link KafkaCluster}), ElasticMQ and the MongoDB wire server, each real and on
 * 127.0.0.1. Clients reach each one through a {@link TcpProxy} on the settings' port
 * (each Kafka broker has a proxy of its own and advertises the proxy's port), which is
 * how {@link #faults()} makes a server hang, and how it takes SQS down without losing
 * ElasticMQ's messages, which live only as long as ElasticMQ runs. Kafka and MongoDB go
 * down for real and come back with their data.
 */
final class EmbeddedInfrastructure implements PipelineInfrastructure, Faults {

	private static final String LOOPBACK = "127.0.0.1";

	private final KafkaCluster kafka;

	private final ElasticMqServer sqs;

	private final MongoWireServer mongo;

	/** The proxies in front of each server; Kafka's in the order of the brokers' ids. */
	private final Map<Server, List<TcpProxy>> proxies;

	private EmbeddedInfrastructure(KafkaCluster kafka, ElasticMqServer sqs, MongoWireServer mongo,
			Map<Server, List<TcpProxy>> proxies) {
		this.kafka = kafka;
		this.sqs = sqs;
		this.mongo = mongo;
		this.proxies = proxies;
	}

	static EmbeddedInfrastructure start(InfrastructureSettings settings) {
		Path kafkaDir = (settings.dataDir() != null) ? settings.dataDir().resolve("kafka") : temporaryDirectory();
		List<Integer> kafkaPorts = new ArrayList<>();
		int sqsPort = Ports.free();
		int mongoPort = Ports.free();
		Map<Server, List<TcpProxy>> proxies = new EnumMap<>(Server.class);
		EmbeddedInfrastructure servers;
		try {
			List<TcpProxy> kafkaProxies = new ArrayList<>();
			proxies.put(Server.KAFKA, kafkaProxies);
			for (int broker = 0; broker < settings.kafkaBrokers(); broker++) {
				kafkaPorts.add(Ports.free());
				int proxyPort = (settings.kafkaPort() != 0) ? settings.kafkaPort() + broker : 0;
				kafkaProxies.add(TcpProxy.start(proxyPort, LOOPBACK, kafkaPorts.get(broker), Duration.ZERO));
			}
			proxies.put(Server.SQS, List.of(TcpProxy.start(settings.sqsPort(), LOOPBACK, sqsPort, Duration.ZERO)));
			proxies.put(Server.MONGODB,
					List.of(TcpProxy.start(settings.mongoPort(), LOOPBACK, mongoPort, Duration.ZERO)));
			servers = new EmbeddedInfrastructure(
					KafkaCluster.create(kafkaDir, kafkaPorts, kafkaProxies.stream().map(TcpProxy::port).toList(),
							settings.kafkaUsers(), settings.kafkaFullCompiler()),
					new ElasticMqServer(sqsPort, proxy(proxies, Server.SQS).port()), new MongoWireServer(mongoPort),
					proxies);
		}
		catch (RuntimeException ex) {
			proxies.values().forEach((each) -> each.forEach(TcpProxy::close));
			throw ex;
		}
		try {
			// the broker processes boot while the servers of this JVM start
			servers.kafka.launch();
			servers.sqs.start();
			servers.mongo.start();
			servers.kafka.awaitReady();
			Provisioning.provision(servers, settings);
			return servers;
		}
		catch (RuntimeException ex) {
			servers.close();
			throw ex;
		}
	}

	private static Path temporaryDirectory() {
		try {
			Path directory = Files.createTempDirectory("kafka-");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	@Override
	public Map<String, Object> kafkaAdminConfig() {
		return this.kafka.clientConfig(KafkaBrokerProcess.ADMIN);
	}

	@Override
	public Map<String, Object> kafkaClientConfig(String user) {
		return this.kafka.clientConfig(user);
	}

	@Override
	public Map<String, String> kafkaSpringProperties(String user) {
		return this.kafka.springProperties(user);
	}

	@Override
	public URI sqsEndpoint() {
		return URI.create("http://" + LOOPBACK + ":" + proxy(this.proxies, Server.SQS).port());
	}

	@Override
	public String mongoUri() {
		return "mongodb://" + LOOPBACK + ":" + proxy(this.proxies, Server.MONGODB).port();
	}

	private static TcpProxy proxy(Map<Server, List<TcpProxy>> proxies, Server server) {
		return proxies.get(server).get(0);
	}

	@Override
	public Faults faults() {
		return this;
	}

	@Override
	public void stop(Server server) {
		this.proxies.get(server).forEach(TcpProxy::disconnect);
		switch (server) {
			case KAFKA -> this.kafka.stop();
			case MONGODB -> this.mongo.stop();
			case SQS -> {
				// ElasticMQ keeps messages only while it runs: the proxy is the outage
			}
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The proxies listen again first, since a Kafka broker is ready only once it answers
	 * through its proxy.
	 */
	@Override
	public void start(Server server) {
		this.proxies.get(server).forEach(TcpProxy::reconnect);
		switch (server) {
			case KAFKA -> this.kafka.start();
			case MONGODB -> this.mongo.start();
			case SQS -> {
				// ElasticMQ kept running
			}
		}
	}

	@Override
	public void stall(Server server) {
		this.proxies.get(server).forEach(TcpProxy::stall);
	}

	@Override
	public void resume(Server server) {
		this.proxies.get(server).forEach(TcpProxy::resume);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The broker's proxy refuses connections until {@link #startKafkaBroker(int)}.
	 */
	@Override
	public void killKafkaBroker(int nodeId) {
		KafkaBrokerProcess broker = this.kafka.broker(nodeId);
		this.proxies.get(Server.KAFKA).get(nodeId - 1).disconnect();
		broker.kill();
	}

	@Override
	public void startKafkaBroker(int nodeId) {
		KafkaBrokerProcess broker = this.kafka.broker(nodeId);
		this.proxies.get(Server.KAFKA).get(nodeId - 1).reconnect();
		broker.start();
	}

	@Override
	public void close() {
		this.proxies.values().forEach((each) -> each.forEach(TcpProxy::close));
		this.kafka.close();
		this.sqs.close();
		this.mongo.close();
	}

}
