package io.telemetrypipeline.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.model.TelemetryEventCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fresh Kafka topics for the stages (as many partitions as the events topic), filled with
 * a workload's events where no ingest-service stage fills them, the number of records a
 * topic holds (the sum of its end offsets), and the check that a topic holds exactly the
 * expected events, each once.
 */
final class Topics implements AutoCloseable {

	static final int PARTITIONS = 6;

	private final String bootstrapServers;

	private final Admin admin;

	private final AtomicInteger sequence = new AtomicInteger();

	Topics(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

	/**
	 * Creates a new topic.
	 * @param purpose part of its name
	 * @return its name
	 */
	String create(String purpose) {
		String name = "bench." + purpose + "." + this.sequence.incrementAndGet();
		try {
			this.admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
			return name;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkFailure("Interrupted while creating " + name, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new BenchmarkFailure("Could not create topic " + name, ex);
		}
	}

	/**
	 * Records on a topic: the sum of its partitions' end offsets.
	 * @param topic the topic
	 * @return the count
	 */
	long records(String topic) {
		try {
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			this.admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic)
				.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()),
						OffsetSpec.latest()));
			return this.admin.listOffsets(latest)
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong((offset) -> offset.offset())
				.sum();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkFailure("Interrupted while counting " + topic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new BenchmarkFailure("Could not count the records of " + topic, ex);
		}
	}

	/**
	 * Fills a topic with a workload's canonical events, keyed by device id, as
	 * ingest-service publishes them (its producer settings), and checks it holds them
	 * all.
	 * @param topic the topic
	 * @param workload the workload
	 */
	void fill(String topic, Workload workload) {
		TelemetryEventCodec codec = new TelemetryEventCodec();
		Instant receivedAt = Instant.now();
		Map<String, Object> config = new HashMap<>(ServiceDefaults.ingestProducer());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			List<Future<RecordMetadata>> sent = new ArrayList<>(workload.size());
			for (Workload.Reading reading : workload.readings()) {
				sent.add(producer
					.send(new ProducerRecord<>(topic, reading.deviceId(), codec.encode(reading.event(receivedAt)))));
			}
			for (Future<RecordMetadata> future : sent) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkFailure("Interrupted while filling " + topic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new BenchmarkFailure("Kafka did not take the events for " + topic, ex);
		}
		if (records(topic) != workload.size()) {
			throw new BenchmarkFailure(topic + " holds " + records(topic) + " records, " + workload.size() + " sent");
		}
	}

	/**
	 * Checks that a topic holds exactly the expected events, each once, keyed by device
	 * id.
	 * @param topic the topic
	 * @param expected the expected event ids
	 */
	void requireExactly(String topic, Set<String> expected) {
		TelemetryEventCodec codec = new TelemetryEventCodec();
		List<ConsumerRecord<String, byte[]>> records = KafkaRecords.read(this.bootstrapServers, topic, (record) -> true,
				expected.size(), Duration.ofSeconds(60));
		Map<String, Long> counts = records.stream().map((record) -> {
			String eventId = codec.decode(record.value()).eventId();
			if (!eventId.startsWith(record.key() + "/")) {
				throw new BenchmarkFailure(topic + ": event " + eventId + " has key " + record.key());
			}
			return eventId;
		}).collect(Collectors.groupingBy((id) -> id, Collectors.counting()));
		Exactly.require(topic, expected, counts);
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
