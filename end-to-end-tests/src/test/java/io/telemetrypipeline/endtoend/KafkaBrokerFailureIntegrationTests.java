package io.telemetrypipeline.endtoend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenario: a Kafka broker crashes. On a KRaft cluster of three brokers whose
 * topics have three replicas and {@code min.insync.replicas=2}, the broker leading most
 * of the partitions the scenario's devices write to is killed ({@code kill -9}) while
 * readings stream in through the FIFO queue (message group = device). The other brokers
 * take over its partitions, ingest goes on publishing with {@code acks=all} to the two
 * in-sync replicas left, persistence goes on storing; the broker comes back and catches
 * up. Every reading is stored exactly once, each device's readings are in order in Kafka,
 * nothing is dead-lettered. Its own servers, always embedded (see
 * {@link TestInfrastructure}), started once for the class.
 */
class KafkaBrokerFailureIntegrationTests {

	static final String QUEUE = PipelineNames.INGEST_FIFO_QUEUE;

	static final String EVENTS = PipelineNames.EVENTS_TOPIC;

	static final List<String> TOPICS = List.of(EVENTS, PipelineNames.DEAD_LETTER_TOPIC, PipelineNames.REJECTED_TOPIC);

	/**
	 * The FIFO queue, topics created with three replicas, and clients that look for a new
	 * leader after a quarter of a second rather than after up to a second.
	 */
	static final Map<String, String> OVERRIDES = Map.of("server.port", "0", "telemetry.ingest.queue", QUEUE,
			"telemetry.topics.replication-factor", "3", "spring.kafka.properties.reconnect.backoff.max.ms", "250",
			"spring.kafka.properties.retry.backoff.max.ms", "250");

	static PipelineInfrastructure servers;

	@BeforeAll
	static void startCluster() {
		servers = TestInfrastructure.start(InfrastructureSettings.forTests().withKafkaBrokers(3));
	}

	@AfterAll
	static void stopCluster() {
		if (servers != null) {
			servers.close();
		}
	}

	@Test
	void storesEveryReadingOnceAndInOrderWhenTheLeaderOfBusyPartitionsIsKilledAndComesBack() throws Exception {
		ScenarioReadings readings = new ScenarioReadings(servers, "broker-failure", 12, QUEUE);
		Set<Integer> busy = partitionsOf(readings, 12);
		try (Admin admin = Admin.create(servers.kafkaAdminConfig());
				LocalPipeline pipeline = LocalPipeline.start(servers, OVERRIDES)) {
			assertReplicatedOnThreeBrokersWithTwoInSyncReplicasRequired(admin);
			CompletableFuture<Void> stream = readings.stream(2000, 150);
			readings.awaitSomeStored(300, Duration.ofSeconds(60));

			int killed = leaderOfMost(busy, partitions(admin));
			servers.faults().killKafkaBroker(killed);
			try {
				waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(partitions(admin))
					.allSatisfy((partition) -> assertThat(partition.leader()).isNotNull()
						.extracting(Node::id)
						.isNotEqualTo(killed))
					.allSatisfy((partition) -> assertThat(partition.isr()).extracting(Node::id)
						.hasSize(2)
						.doesNotContain(killed)));
				double published = pipeline.count("telemetry.ingest.messages.published");
				double written = pipeline.count("telemetry.persistence.records.written");
				waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(pipeline.count("telemetry.ingest.messages.published")).isGreaterThan(published + 300);
					assertThat(pipeline.count("telemetry.persistence.records.written")).isGreaterThan(written + 300);
				});
			}
			finally {
				servers.faults().startKafkaBroker(killed);
			}
			waitAtMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(partitions(admin))
				.allSatisfy((partition) -> assertThat(partition.isr()).extracting(Node::id).contains(killed)));

			stream.get();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(120));
			waitAtMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(servers.messagesOn(QUEUE)).isZero());
			assertThat(servers.messagesOn(PipelineNames.INGEST_FIFO_DEAD_LETTER_QUEUE)).isZero();
			assertThat(pipeline.count("telemetry.persistence.records.dead.lettered")).isZero();
		}
		readings.assertPerDeviceOrderInKafka();
		assertThat(KafkaRecords.read(servers.kafkaAdminConfig(), PipelineNames.DEAD_LETTER_TOPIC,
				(record) -> record.key() != null && record.key().startsWith("broker-failure-"), 0,
				Duration.ofSeconds(10)))
			.isEmpty();
	}

	private static void assertReplicatedOnThreeBrokersWithTwoInSyncReplicasRequired(Admin admin) throws Exception {
		assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::id)
			.containsExactlyInAnyOrder(1, 2, 3);
		assertThat(admin.describeTopics(TOPICS).allTopicNames().get(30, TimeUnit.SECONDS).values())
			.allSatisfy((topic) -> assertThat(topic.partitions()).hasSize(6)
				.allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(3)));
		List<ConfigResource> resources = TOPICS.stream()
			.map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
			.toList();
		assertThat(admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).values())
			.allSatisfy((Config config) -> {
				assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
				assertThat(config.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG).value()).isEqualTo("false");
			});
	}

	/**
	 * The partitions of the events topic the devices write to: the producer's default
	 * partitioner puts a keyed record on murmur2(key) modulo the partition count.
	 */
	private static Set<Integer> partitionsOf(ScenarioReadings readings, int devices) {
		return IntStream.range(0, devices)
			.mapToObj(readings::deviceId)
			.map((device) -> Utils.toPositive(Utils.murmur2(device.getBytes(StandardCharsets.UTF_8))) % 6)
			.collect(Collectors.toSet());
	}

	/** The broker that leads the most of the given partitions. */
	private static int leaderOfMost(Set<Integer> busy, List<TopicPartitionInfo> partitions) {
		Map<Integer, Long> ledByBroker = partitions.stream()
			.filter((partition) -> busy.contains(partition.partition()))
			.collect(Collectors.groupingBy((partition) -> partition.leader().id(), Collectors.counting()));
		return ledByBroker.entrySet()
			.stream()
			.max(Map.Entry.<Integer, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
			.map(Map.Entry::getKey)
			.orElseThrow();
	}

	private static List<TopicPartitionInfo> partitions(Admin admin) throws Exception {
		return admin.describeTopics(List.of(EVENTS)).allTopicNames().get(10, TimeUnit.SECONDS).get(EVENTS).partitions();
	}

}
