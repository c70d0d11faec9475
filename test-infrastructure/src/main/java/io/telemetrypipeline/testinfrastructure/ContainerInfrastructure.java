package io.telemetrypipeline.testinfrastructure;

import java.net.URI;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import io.telemetrypipeline.infrastructure.Faults;
import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Ports;
import io.telemetrypipeline.infrastructure.Provisioning;
import io.telemetrypipeline.infrastructure.Server;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The servers as containers, where a Docker engine exists: Apache Kafka (KRaft), MongoDB
 * 8 and ElasticMQ. The same queues and topics as the embedded servers. Each container
 * keeps its host port for its whole life (fixed port bindings), so {@link #faults()} can
 * stop and start it through Docker and clients find it again at the same address (the
 * Kafka broker keeps advertising it); a stall is a Docker pause: the container's network
 * stack keeps connections open while its processes are frozen. ElasticMQ keeps its
 * messages in memory: after a stop the queues come back empty. One Kafka broker only: a
 * cluster ({@link InfrastructureSettings#withKafkaBrokers}) is refused.
 */
final class ContainerInfrastructure implements PipelineInfrastructure, Faults {

	static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

	static final String MONGO_IMAGE = "mongo:8";

	static final String ELASTICMQ_IMAGE = "softwaremill/elasticmq-native:1.6.14";

	private static final int KAFKA_PORT = 9092;

	private static final int MONGO_PORT = 27017;

	private static final int SQS_PORT = 9324;

	private final InfrastructureSettings settings;

	private final KafkaContainer kafka = fixedPort(new KafkaContainer(KAFKA_IMAGE), KAFKA_PORT)
		// partitions move to a new consumer within a heartbeat or two (default 5 s each)
		.withEnv("KAFKA_GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS", "1000")
		.withEnv("KAFKA_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");

	private final MongoDBContainer mongo = fixedPort(new MongoDBContainer(MONGO_IMAGE), MONGO_PORT);

	private final GenericContainer<?> sqs = fixedPort(new GenericContainer<>(ELASTICMQ_IMAGE), SQS_PORT)
		.waitingFor(Wait.forListeningPort());

	private ContainerInfrastructure(InfrastructureSettings settings) {
		this.settings = settings;
	}

	static ContainerInfrastructure start(InfrastructureSettings settings) {
		if (settings.kafkaBrokers() != 1) {
			throw new IllegalArgumentException("The containers run one Kafka broker, not " + settings.kafkaBrokers()
					+ ": a Kafka cluster runs on the embedded servers (PipelineInfrastructure.embedded)");
		}
		ContainerInfrastructure servers = new ContainerInfrastructure(settings);
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

	/**
	 * Binds the container's port to a free host port that it keeps across restarts.
	 * @param <C> the type of container
	 * @param container the container, not started yet
	 * @param containerPort the port the server listens on inside the container
	 * @return the container
	 */
	private static <C extends GenericContainer<?>> C fixedPort(C container, int containerPort) {
		container.withExposedPorts(containerPort);
		container.setPortBindings(List.of(Ports.free() + ":" + containerPort));
		return container;
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.getBootstrapServers();
	}

	@Override
	public URI sqsEndpoint() {
		return URI.create("http://" + this.sqs.getHost() + ":" + this.sqs.getMappedPort(SQS_PORT));
	}

	@Override
	public String mongoUri() {
		return this.mongo.getConnectionString();
	}

	@Override
	public Faults faults() {
		return this;
	}

	@Override
	public void stop(Server server) {
		GenericContainer<?> container = container(server);
		docker(container).stopContainerCmd(container.getContainerId()).exec();
	}

	@Override
	public void start(Server server) {
		GenericContainer<?> container = container(server);
		docker(container).startContainerCmd(container.getContainerId()).exec();
		Wait.forListeningPort().waitUntilReady(container);
		if (server == Server.SQS) {
			Provisioning.createQueues(this, this.settings);
		}
	}

	@Override
	public void stall(Server server) {
		GenericContainer<?> container = container(server);
		docker(container).pauseContainerCmd(container.getContainerId()).exec();
	}

	@Override
	public void resume(Server server) {
		GenericContainer<?> container = container(server);
		docker(container).unpauseContainerCmd(container.getContainerId()).exec();
	}

	private GenericContainer<?> container(Server server) {
		return switch (server) {
			case KAFKA -> this.kafka;
			case SQS -> this.sqs;
			case MONGODB -> this.mongo;
		};
	}

	private static DockerClient docker(GenericContainer<?> container) {
		return container.getDockerClient();
	}

	@Override
	public void close() {
		this.sqs.stop();
		this.mongo.stop();
		this.kafka.stop();
	}

}
