package io.telemetrypipeline.infrastructure;

import java.net.URI;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The servers as containers, where a Docker engine exists: Apache Kafka (KRaft), MongoDB
 * 8 and ElasticMQ. The same queues and topics as the embedded servers.
 */
public final class ContainerInfrastructure implements PipelineInfrastructure {

	static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

	static final String MONGO_IMAGE = "mongo:8";

	static final String ELASTICMQ_IMAGE = "softwaremill/elasticmq-native:1.6.14";

	private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
		// partitions move to a new consumer within a heartbeat or two (default 5 s each)
		.withEnv("KAFKA_GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS", "1000")
		.withEnv("KAFKA_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");

	private final MongoDBContainer mongo = new MongoDBContainer(MONGO_IMAGE);

	private final GenericContainer<?> sqs = new GenericContainer<>(ELASTICMQ_IMAGE).withExposedPorts(9324)
		.waitingFor(Wait.forListeningPort());

	private ContainerInfrastructure() {
	}

	static ContainerInfrastructure start(InfrastructureSettings settings) {
		ContainerInfrastructure servers = new ContainerInfrastructure();
		try {
			servers.kafka.start();
			servers.mongo.start();
			servers.sqs.start();
			Provisioning.provision(servers, settings);
			return servers;
		}
		catch (RuntimeException ex) {
			servers.close();
			throw ex;
		}
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.getBootstrapServers();
	}

	@Override
	public URI sqsEndpoint() {
		return URI.create("http://" + this.sqs.getHost() + ":" + this.sqs.getMappedPort(9324));
	}

	@Override
	public String mongoUri() {
		return this.mongo.getConnectionString();
	}

	@Override
	public void close() {
		this.sqs.stop();
		this.mongo.stop();
		this.kafka.stop();
	}

}
