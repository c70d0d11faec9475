package io.telemetrypipeline.infrastructure;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real servers the pipeline needs: Kafka, SQS and MongoDB. The one seam between tests
 * (and the local run) and where those servers come from: embedded servers
 * ({@link #embedded(InfrastructureSettings)}: a KRaft broker process, ElasticMQ, the
 * MongoDB wire server) or, in the tests' own module, containers. Either way the queues
 * and topics are created, and {@link #faults()} can stop each server or make it hang.
 */
public interface PipelineInfrastructure extends AutoCloseable {

	/** Access key accepted by the local SQS servers. */
	String ACCESS_KEY = "local";

	/** Secret key accepted by the local SQS servers. */
	String SECRET_KEY = "local";

	String kafkaBootstrapServers();

	/**
	 * The Kafka client settings of a user allowed to administer the broker: create topics
	 * and ACLs.
	 * @return client property to value; the caller may add to it
	 */
	default Map<String, Object> kafkaAdminConfig() {
		return new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()));
	}

	/**
	 * The Kafka client settings with which {@code user} connects: the bootstrap servers
	 * and, on a secured broker (see {@link InfrastructureSettings#withSecuredKafka}), its
	 * credentials and the broker's certificate.
	 * @param user a user the broker was set up with
	 * @return client property to value; the caller may add to it
	 */
	default Map<String, Object> kafkaClientConfig(String user) {
		return kafkaAdminConfig();
	}

	/**
	 * The Spring Boot properties that connect a service to a secured broker as
	 * {@code user}: the same keys a deployment sets (see
	 * {@code k8s/components/kafka-scram}).
	 * @param user a user the broker was set up with
	 * @return property name to value; empty for a plaintext broker
	 */
	default Map<String, String> kafkaSpringProperties(String user) {
		return Map.of();
	}

	URI sqsEndpoint();

	default String sqsRegion() {
		return "us-east-1";
	}

	/**
	 * The MongoDB connection string, without a database.
	 * @return e.g. {@code mongodb://127.0.0.1:27017}
	 */
	String mongoUri();

	/**
	 * The standard Spring Boot properties that point a service at these servers.
	 * @return property name to value
	 */
	default Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
		properties.put("spring.cloud.aws.sqs.endpoint", sqsEndpoint().toString());
		properties.put("spring.cloud.aws.region.static", sqsRegion());
		properties.put("spring.cloud.aws.credentials.access-key", ACCESS_KEY);
		properties.put("spring.cloud.aws.credentials.secret-key", SECRET_KEY);
		properties.put("spring.mongodb.uri", mongoUri() + "/telemetry");
		return properties;
	}

	/**
	 * A new SQS client for these servers; the caller closes it.
	 * @return the client
	 */
	default SqsClient sqsClient() {
		return sqsClientBuilder().build();
	}

	/**
	 * An SQS client builder for these servers (endpoint, region, the local credentials),
	 * for a caller that sets more, e.g. its own timeouts.
	 * @return the builder
	 */
	default SqsClientBuilder sqsClientBuilder() {
		return SqsClient.builder()
			.endpointOverride(sqsEndpoint())
			.region(Region.of(sqsRegion()))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
	}

	/**
	 * Counts the messages on a queue, visible or in flight.
	 * @param queue the queue name
	 * @return approximate number of messages not yet deleted
	 */
	default int messagesOn(String queue) {
		try (SqsClient sqs = sqsClient()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
			Map<QueueAttributeName, String> attributes = sqs
				.getQueueAttributes((request) -> request.queueUrl(url)
					.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
							QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.attributes();
			return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
					+ Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
		}
	}

	/**
	 * Fault injection on these servers.
	 * @return the faults view
	 */
	Faults faults();

	/** Stops every server. */
	@Override
	void close();

	/**
	 * Starts the embedded servers: a KRaft broker process, ElasticMQ and the MongoDB wire
	 * server, each behind a proxy on its well-known or free port, e.g. for the local run.
	 * @param settings what to start
	 * @return the running servers
	 */
	static PipelineInfrastructure embedded(InfrastructureSettings settings) {
		return EmbeddedInfrastructure.start(settings);
	}

}
