package io.telemetrypipeline.infrastructure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.telemetrypipeline.model.PipelineNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the queues and topics on whichever servers were started, the same way for
 * containers and embedded servers. Idempotent.
 */
public final class Provisioning {

	/**
	 * Every queue also exists as a FIFO queue with this suffix, for devices whose
	 * readings must keep their order.
	 */
	static final String FIFO_SUFFIX = ".fifo";

	private Provisioning() {
	}

	/**
	 * Creates the queues and topics of the settings.
	 * @param servers where to create them
	 * @param settings which queues and topics
	 */
	public static void provision(PipelineInfrastructure servers, InfrastructureSettings settings) {
		createQueues(servers, settings);
		createTopics(servers.kafkaAdminConfig(), settings);
	}

	/**
	 * Creates the queues of the settings and the IoT rule's error queue
	 * ({@link PipelineNames#RULE_ERROR_QUEUE}), e.g. again on an SQS server that
	 * restarted empty.
	 * @param servers where to create them
	 * @param settings which queues
	 */
	public static void createQueues(PipelineInfrastructure servers, InfrastructureSettings settings) {
		try (SqsClient sqs = servers.sqsClient()) {
			createQueueWithDeadLetterQueue(sqs, settings, settings.queue(), settings.deadLetterQueue());
			createQueueWithDeadLetterQueue(sqs, settings, settings.queue() + FIFO_SUFFIX,
					settings.deadLetterQueue() + FIFO_SUFFIX);
			sqs.createQueue((request) -> request.queueName(PipelineNames.RULE_ERROR_QUEUE));
		}
	}

	/**
	 * Creates a queue and its dead-letter queue with the settings' visibility timeout and
	 * {@code maxReceiveCount}, as the ingest queues are created: a test scenario gets a
	 * queue of its own this way. Both are FIFO queues if the queue's name ends in
	 * {@code .fifo}.
	 * @param servers where to create them
	 * @param settings the visibility timeout and receive count
	 * @param queue the queue's name
	 * @param deadLetterQueue its dead-letter queue's name
	 */
	public static void createQueue(PipelineInfrastructure servers, InfrastructureSettings settings, String queue,
			String deadLetterQueue) {
		try (SqsClient sqs = servers.sqsClient()) {
			createQueueWithDeadLetterQueue(sqs, settings, queue, deadLetterQueue);
		}
	}

	private static void createQueueWithDeadLetterQueue(SqsClient sqs, InfrastructureSettings settings, String queue,
			String deadLetterQueue) {
		Map<QueueAttributeName, String> kind = queue.endsWith(FIFO_SUFFIX)
				? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of();
		String dlqUrl = sqs.createQueue((request) -> request.queueName(deadLetterQueue).attributes(kind)).queueUrl();
		String dlqArn = sqs
			.getQueueAttributes((request) -> request.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		String redrive = "{\"maxReceiveCount\":\"%d\",\"deadLetterTargetArn\":\"%s\"}"
			.formatted(settings.maxReceiveCount(), dlqArn);
		Map<QueueAttributeName, String> attributes = new HashMap<>(kind);
		attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(settings.visibilityTimeout().toSeconds()));
		attributes.put(QueueAttributeName.REDRIVE_POLICY, redrive);
		sqs.createQueue((request) -> request.queueName(queue).attributes(attributes));
	}

	/**
	 * Creates the topics with the settings' replication factor; replicated topics also
	 * get their {@code min.insync.replicas} and no unclean leader election, as production
	 * topics must (see {@code docs/guarantees.md}).
	 * @param adminConfig how to connect as an administrator
	 * @param settings which topics, and how many brokers there are
	 */
	private static void createTopics(Map<String, Object> adminConfig, InfrastructureSettings settings) {
		short replicationFactor = (short) settings.topicReplicationFactor();
		Map<String, String> configs = (replicationFactor == 1) ? Map.of()
				: Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.topicMinInsyncReplicas()),
						TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
		try (Admin admin = Admin.create(adminConfig)) {
			List<NewTopic> newTopics = settings.topics()
				.entrySet()
				.stream()
				.map((topic) -> new NewTopic(topic.getKey(), topic.getValue(), replicationFactor).configs(configs))
				.toList();
			for (var result : admin.createTopics(newTopics).values().values()) {
				try {
					result.get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw new IllegalStateException("Could not create topic: " + ex.getCause().getMessage(), ex);
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating topics", ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not create the topics within 30 s", ex);
		}
	}

}
