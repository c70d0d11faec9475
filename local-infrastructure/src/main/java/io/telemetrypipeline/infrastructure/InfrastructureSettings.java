package io.telemetrypipeline.infrastructure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.model.PipelineNames;

/**
 * What to start: ports (0 picks a free one), where Kafka keeps its log ({@code null}: a
 * temporary directory), and the queues and topics to create.
 *
 * @param kafkaPort Kafka listener port
 * @param sqsPort ElasticMQ port
 * @param mongoPort MongoDB wire server port
 * @param dataDir directory for Kafka's log, kept across restarts; {@code null} for a
 * temporary one
 * @param queue the ingest queue
 * @param deadLetterQueue the ingest queue's dead-letter queue
 * @param visibilityTimeout the ingest queue's visibility timeout
 * @param maxReceiveCount receives after which SQS moves a message to the dead-letter
 * queue
 * @param topics topic name to partition count
 * @param kafkaUsers SCRAM users of a secured Kafka broker ({@code SASL_SSL}, ACLs
 * enforced); empty for a plaintext broker that lets everyone in
 * @param kafkaBrokers how many Kafka brokers: 1 (the default) for a single-node KRaft
 * broker, more for a KRaft cluster whose topics are replicated (see
 * {@link #topicReplicationFactor()}); a secured broker is always a single one
 * @param kafkaFullCompiler whether the Kafka broker JVMs compile with the optimizing
 * compiler, as in production, for the benchmark's server limits; otherwise (tests, the
 * local run) with the client compiler only, which starts and idles on less CPU time
 */
public record InfrastructureSettings(int kafkaPort, int sqsPort, int mongoPort, Path dataDir, String queue,
		String deadLetterQueue, Duration visibilityTimeout, int maxReceiveCount, Map<String, Integer> topics,
		List<String> kafkaUsers, int kafkaBrokers, boolean kafkaFullCompiler) {

	/** The most replicas a topic gets, however many brokers there are. */
	static final int MAX_REPLICATION_FACTOR = 3;

	public InfrastructureSettings {
		topics = Map.copyOf(topics);
		kafkaUsers = List.copyOf(kafkaUsers);
		if (kafkaBrokers < 1) {
			throw new IllegalArgumentException("At least one Kafka broker is needed, was " + kafkaBrokers);
		}
		if (kafkaBrokers > 1 && !kafkaUsers.isEmpty()) {
			throw new IllegalArgumentException("A secured Kafka broker (SCRAM users " + kafkaUsers
					+ ") runs as a single broker; ask for " + kafkaBrokers + " brokers without users");
		}
	}

	/**
	 * Free ports and a temporary Kafka log, for tests.
	 * @return the settings
	 */
	public static InfrastructureSettings forTests() {
		return new InfrastructureSettings(0, 0, 0, null, PipelineNames.INGEST_QUEUE,
				PipelineNames.INGEST_DEAD_LETTER_QUEUE, Duration.ofSeconds(30), 10, defaultTopics(), List.of(), 1,
				false);
	}

	/**
	 * These settings with a secured Kafka broker: {@code SASL_SSL} only, a SCRAM user per
	 * name plus a super user, ACLs enforced (see {@link KafkaBrokerProcess}). Always an
	 * embedded broker, Docker or not.
	 * @param users the SCRAM users, e.g. one per service
	 * @return the settings
	 */
	public InfrastructureSettings withSecuredKafka(String... users) {
		return new InfrastructureSettings(this.kafkaPort, this.sqsPort, this.mongoPort, this.dataDir, this.queue,
				this.deadLetterQueue, this.visibilityTimeout, this.maxReceiveCount, this.topics, List.of(users),
				this.kafkaBrokers, this.kafkaFullCompiler);
	}

	/**
	 * These settings with a KRaft cluster of {@code brokers} Kafka brokers, each a
	 * process of its own behind a proxy of its own (see {@link KafkaCluster}), whose
	 * topics get {@link #topicReplicationFactor()} replicas and
	 * {@link #topicMinInsyncReplicas()}. Always embedded brokers, Docker or not.
	 * @param brokers how many brokers, 1 or more
	 * @return the settings
	 */
	public InfrastructureSettings withKafkaBrokers(int brokers) {
		return new InfrastructureSettings(this.kafkaPort, this.sqsPort, this.mongoPort, this.dataDir, this.queue,
				this.deadLetterQueue, this.visibilityTimeout, this.maxReceiveCount, this.topics, this.kafkaUsers,
				brokers, this.kafkaFullCompiler);
	}

	/**
	 * These settings with another {@code maxReceiveCount} for the ingest queues.
	 * @param receives receives after which SQS moves a message to the dead-letter queue
	 * @return the settings
	 */
	public InfrastructureSettings withMaxReceiveCount(int receives) {
		return new InfrastructureSettings(this.kafkaPort, this.sqsPort, this.mongoPort, this.dataDir, this.queue,
				this.deadLetterQueue, this.visibilityTimeout, receives, this.topics, this.kafkaUsers, this.kafkaBrokers,
				this.kafkaFullCompiler);
	}

	/**
	 * These settings with Kafka brokers that compile as in production (the optimizing
	 * compiler), so that a benchmark measures the broker's real limits.
	 * @return the settings
	 */
	public InfrastructureSettings withKafkaFullCompiler() {
		return new InfrastructureSettings(this.kafkaPort, this.sqsPort, this.mongoPort, this.dataDir, this.queue,
				this.deadLetterQueue, this.visibilityTimeout, this.maxReceiveCount, this.topics, this.kafkaUsers,
				this.kafkaBrokers, true);
	}

	/**
	 * The replication factor of the topics: as many replicas as brokers, at most
	 * {@value #MAX_REPLICATION_FACTOR}.
	 * @return 1 for a single broker, 3 for a cluster of three or more
	 */
	public int topicReplicationFactor() {
		return replicationFactor(this.kafkaBrokers);
	}

	/**
	 * The {@code min.insync.replicas} of the topics: 2 once there are three replicas, so
	 * that {@code acks=all} means two copies and one broker may fail; otherwise 1.
	 * @return the minimum number of in-sync replicas for a write with {@code acks=all}
	 */
	public int topicMinInsyncReplicas() {
		return minInsyncReplicas(this.kafkaBrokers);
	}

	static int replicationFactor(int brokers) {
		return Math.min(MAX_REPLICATION_FACTOR, brokers);
	}

	static int minInsyncReplicas(int brokers) {
		return (replicationFactor(brokers) >= MAX_REPLICATION_FACTOR) ? 2 : 1;
	}

	/**
	 * The well-known ports (Kafka 9092, ElasticMQ 9324, MongoDB 27017) and a Kafka log in
	 * {@code dataDir}, for the local run.
	 * @param dataDir where Kafka keeps its log
	 * @return the settings
	 */
	public static InfrastructureSettings forLocalRun(Path dataDir) {
		return new InfrastructureSettings(9092, 9324, 27017, dataDir, PipelineNames.INGEST_QUEUE,
				PipelineNames.INGEST_DEAD_LETTER_QUEUE, Duration.ofSeconds(30), 10, defaultTopics(), List.of(), 1,
				false);
	}

	private static Map<String, Integer> defaultTopics() {
		Map<String, Integer> topics = new LinkedHashMap<>();
		topics.put(PipelineNames.EVENTS_TOPIC, 6);
		topics.put(PipelineNames.DEAD_LETTER_TOPIC, 6);
		topics.put(PipelineNames.REJECTED_TOPIC, 6);
		return topics;
	}

}
