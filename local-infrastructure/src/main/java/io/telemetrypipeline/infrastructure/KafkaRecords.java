package io.telemetrypipeline.infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a topic holds, for assertions: every partition from the beginning, without a
 * consumer group, in partition then offset order.
 */
public final class KafkaRecords {

	private KafkaRecords() {
	}

	/**
	 * Reads matching records until {@code expected} were seen, then keeps reading until
	 * the end of every partition so that extra records (duplicates) are returned too.
	 * @param bootstrapServers the broker
	 * @param topic the topic
	 * @param filter which records to keep
	 * @param expected how many matching records to wait for
	 * @param timeout the longest wait
	 * @return the matching records, possibly fewer than expected when the wait ran out
	 */
	public static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic,
			Predicate<ConsumerRecord<String, byte[]>> filter, int expected, Duration timeout) {
		return read(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, filter, expected,
				timeout);
	}

	/**
	 * Reads as {@link #read(String, String, Predicate, int, Duration)} does, connecting
	 * with the given client settings, e.g. a secured broker's credentials.
	 * @param clientConfig the bootstrap servers and any security settings
	 * @param topic the topic
	 * @param filter which records to keep
	 * @param expected how many matching records to wait for
	 * @param timeout the longest wait
	 * @return the matching records, possibly fewer than expected when the wait ran out
	 */
	public static List<ConsumerRecord<String, byte[]>> read(Map<String, Object> clientConfig, String topic,
			Predicate<ConsumerRecord<String, byte[]>> filter, int expected, Duration timeout) {
		Map<String, Object> config = new HashMap<>(clientConfig);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		Instant deadline = Instant.now().plus(timeout);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
			List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
			while (Instant.now().isBefore(deadline)) {
				consumer.assign(partitions);
				consumer.seekToBeginning(partitions);
				seen.clear();
				Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
				while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
					consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
				}
				matching = seen.stream()
					.filter(filter)
					.sorted(Comparator.comparingInt((ConsumerRecord<String, byte[]> record) -> record.partition())
						.thenComparingLong(ConsumerRecord::offset))
					.toList();
				if (matching.size() >= expected) {
					return matching;
				}
				consumer.poll(Duration.ofMillis(200));
			}
			return matching;
		}
	}

}
