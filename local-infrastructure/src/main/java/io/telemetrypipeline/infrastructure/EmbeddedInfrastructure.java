package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The servers without Docker: a KRaft Kafka broker process, ElasticMQ and the MongoDB
 * wire server, each real and reachable on 127.0.0.1. Exposes each server for fault
 * injection, and the Kafka broker for its users' credentials when it is secured.
 */
public final class EmbeddedInfrastructure implements PipelineInfrastructure {

	private final KafkaBrokerProcess kafka;

	private final ElasticMqServer sqs;

	private final MongoWireServer mongo;

	private EmbeddedInfrastructure(KafkaBrokerProcess kafka, ElasticMqServer sqs, MongoWireServer mongo) {
		this.kafka = kafka;
		this.sqs = sqs;
		this.mongo = mongo;
	}

	static EmbeddedInfrastructure start(InfrastructureSettings settings) {
		Path kafkaDir = (settings.dataDir() != null) ? settings.dataDir().resolve("kafka") : temporaryDirectory();
		EmbeddedInfrastructure servers = new EmbeddedInfrastructure(
				new KafkaBrokerProcess(kafkaDir, settings.kafkaPort(), settings.kafkaUsers()),
				new ElasticMqServer(settings.sqsPort()), new MongoWireServer(settings.mongoPort()));
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
	public URI sqsEndpoint() {
		return this.sqs.endpoint();
	}

	@Override
	public String mongoUri() {
		return this.mongo.connectionString();
	}

	public KafkaBrokerProcess kafka() {
		return this.kafka;
	}

	public ElasticMqServer sqs() {
		return this.sqs;
	}

	public MongoWireServer mongo() {
		return this.mongo;
	}

	@Override
	public void close() {
		this.kafka.close();
		this.sqs.close();
		this.mongo.close();
	}

}
