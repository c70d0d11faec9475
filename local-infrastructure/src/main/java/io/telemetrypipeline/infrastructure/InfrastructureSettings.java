package io.telemetrypipeline.infrastructure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
 */
public record InfrastructureSettings(int kafkaPort, int sqsPort, int mongoPort, Path dataDir, String queue,
		String deadLetterQueue, Duration visibilityTimeout, int maxReceiveCount, Map<String, Integer> topics) {

	public InfrastructureSettings {
		topics = Map.copyOf(topics);
	}

	/**
	 * Free ports and a temporary Kafka log, for tests.
	 * @return the settings
	 */
	public static InfrastructureSettings forTests() {
		return new InfrastructureSettings(0, 0, 0, null, "telemetry-ingest", "telemetry-ingest-dlq",
				Duration.ofSeconds(30), 10, defaultTopics());
	}

	/**
	 * The well-known ports (Kafka 9092, ElasticMQ 9324, MongoDB 27017) and a Kafka log in
	 * {@code dataDir}, for the local run.
	 * @param dataDir where Kafka keeps its log
	 * @return the settings
	 */
	public static InfrastructureSettings forLocalRun(Path dataDir) {
		return new InfrastructureSettings(9092, 9324, 27017, dataDir, "telemetry-ingest", "telemetry-ingest-dlq",
				Duration.ofSeconds(30), 10, defaultTopics());
	}

	private static Map<String, Integer> defaultTopics() {
		Map<String, Integer> topics = new LinkedHashMap<>();
		topics.put("telemetry.events", 6);
		topics.put("telemetry.events.dlt", 6);
		topics.put("telemetry.rejected", 6);
		return topics;
	}

}
