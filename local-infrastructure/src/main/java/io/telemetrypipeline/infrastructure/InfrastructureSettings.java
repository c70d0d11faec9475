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
 */
public record InfrastructureSettings(int kafkaPort, int sqsPort, int mongoPort, Path dataDir, String queue,
		String deadLetterQueue, Duration visibilityTimeout, int maxReceiveCount, Map<String, Integer> topics,
		List<String> kafkaUsers) {

	public InfrastructureSettings {
		topics = Map.copyOf(topics);
		kafkaUsers = List.copyOf(kafkaUsers);
	}

	/**
	 * Free ports and a temporary Kafka log, for tests.
	 * @return the settings
	 */
	public static InfrastructureSettings forTests() {
		return new InfrastructureSettings(0, 0, 0, null, PipelineNames.INGEST_QUEUE,
				PipelineNames.INGEST_DEAD_LETTER_QUEUE, Duration.ofSeconds(30), 10, defaultTopics(), List.of());
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
				this.deadLetterQueue, this.visibilityTimeout, this.maxReceiveCount, this.topics, List.of(users));
	}

	/**
	 * The well-known ports (Kafka 9092, ElasticMQ 9324, MongoDB 27017) and a Kafka log in
	 * {@code dataDir}, for the local run.
	 * @param dataDir where Kafka keeps its log
	 * @return the settings
	 */
	public static InfrastructureSettings forLocalRun(Path dataDir) {
		return new InfrastructureSettings(9092, 9324, 27017, dataDir, PipelineNames.INGEST_QUEUE,
				PipelineNames.INGEST_DEAD_LETTER_QUEUE, Duration.ofSeconds(30), 10, defaultTopics(), List.of());
	}

	private static Map<String, Integer> defaultTopics() {
		Map<String, Integer> topics = new LinkedHashMap<>();
		topics.put(PipelineNames.EVENTS_TOPIC, 6);
		topics.put(PipelineNames.DEAD_LETTER_TOPIC, 6);
		topics.put(PipelineNames.REJECTED_TOPIC, 6);
		return topics;
	}

}
