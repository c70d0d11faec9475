package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.telemetrypipeline.infrastructure.proxy.TcpProxy;

/**
 * The servers without Docker: a KRaft Kafka broker process, ElasticMQ and the MongoDB
 * wire server, each real and on 127.0.0.1. Clients reach each one through a
 * {@link TcpProxy} on the settings' port (the Kafka broker advertises the proxy's port),
 * which is how {@link #faults()} makes a server hang, and how it takes SQS down without
 * losing ElasticMQ's messages, which live only as long as ElasticMQ runs. Kafka and
 * MongoDB go down for real and come back with their data.
 */
final class EmbeddedInfrastructure implements PipelineInfrastructure, Faults {

	private static final String LOOPBACK = "127.0.0.1";

	private final KafkaBrokerProcess kafka;

	private final ElasticMqServer sqs;

	private final MongoWireServer mongo;

	private final Map<Server, TcpProxy> proxies;

	private EmbeddedInfrastructure(KafkaBrokerProcess kafka, ElasticMqServer sqs, MongoWireServer mongo,
			Map<Server, TcpProxy> proxies) {
		this.kafka = kafka;
		this.sqs = sqs;
		this.mongo = mongo;
		this.proxies = proxies;
	}

	static EmbeddedInfrastructure start(InfrastructureSettings settings) {
		Path kafkaDir = (settings.dataDir() != null) ? settings.dataDir().resolve("kafka") : temporaryDirectory();
		int kafkaPort = Ports.free();
		int sqsPort = Ports.free();
		int mongoPort = Ports.free();
		Map<Server, TcpProxy> proxies = new EnumMap<>(Server.class);
		EmbeddedInfrastructure servers;
		try {
			proxies.put(Server.KAFKA, TcpProxy.start(settings.kafkaPort(), LOOPBACK, kafkaPort, Duration.ZERO));
			proxies.put(Server.SQS, TcpProxy.start(settings.sqsPort(), LOOPBACK, sqsPort, Duration.ZERO));
			proxies.put(Server.MONGODB, TcpProxy.start(settings.mongoPort(), LOOPBACK, mongoPort, Duration.ZERO));
			servers = new EmbeddedInfrastructure(
					new KafkaBrokerProcess(kafkaDir, kafkaPort, proxies.get(Server.KAFKA).port(),
							settings.kafkaUsers()),
					new ElasticMqServer(sqsPort, proxies.get(Server.SQS).port()), new MongoWireServer(mongoPort),
					proxies);
		}
		catch (RuntimeException ex) {
			proxies.values().forEach(TcpProxy::close);
			throw ex;
		}
		try {
			servers.sqs.start();
			servers.mongo.start();
			servers.kafka.start();
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
		return URI.create("http://" + LOOPBACK + ":" + this.proxies.get(Server.SQS).port());
	}

	@Override
	public String mongoUri() {
		return "mongodb://" + LOOPBACK + ":" + this.proxies.get(Server.MONGODB).port();
	}

	@Override
	public Faults faults() {
		return this;
	}

	@Override
	public void stop(Server server) {
		this.proxies.get(server).disconnect();
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
	 * The proxy listens again first, since the Kafka broker is ready only once it answers
	 * through the proxy.
	 */
	@Override
	public void start(Server server) {
		this.proxies.get(server).reconnect();
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
		this.proxies.get(server).stall();
	}

	@Override
	public void resume(Server server) {
		this.proxies.get(server).resume();
	}

	/**
	 * The Kafka broker itself, e.g. to kill it as a crash would.
	 * @return the broker
	 */
	KafkaBrokerProcess kafka() {
		return this.kafka;
	}

	@Override
	public void close() {
		this.proxies.values().forEach(TcpProxy::close);
		this.kafka.close();
		this.sqs.close();
		this.mongo.close();
	}

}
