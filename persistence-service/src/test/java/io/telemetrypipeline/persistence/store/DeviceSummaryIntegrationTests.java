package io.telemetrypipeline.persistence.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The device summaries against the real servers (the MongoDB wire server and a Kafka
 * broker): each stored reading is counted exactly once when a batch is written twice,
 * when its readings were stored but the service died before its device update, when a
 * redelivery cuts the records into other batches, when another record carries an event
 * already stored, when two consumers write the same batch at once, and when Kafka really
 * redelivers records the service had stored and committed. This context reads a topic of
 * its own, so no other test's records reach it.
 */
@SpringBootTest(classes = PersistenceServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "telemetry.topics.events=" + DeviceSummaryIntegrationTests.TOPIC,
				"spring.kafka.consumer.group-id=" + DeviceSummaryIntegrationTests.GROUP })
class DeviceSummaryIntegrationTests {

	static final String TOPIC = "telemetry.events.device-summary-tests";

	static final String GROUP = "device-summary-tests";

	static final PipelineInfrastructure infrastructure = SharedInfrastructure.get();

	static final TokenIssuer issuer = TokenIssuer.generate();

	static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		infrastructure.springProperties().forEach((key, value) -> registry.add(key, () -> value));
		issuer.resourceServerProperties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@Autowired
	ReadingWriter writer;

	@Autowired
	DeviceQueries devices;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	PersistenceProperties properties;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	MeterRegistry meters;

	@Test
	void countsEachReadingOnceWhenTheSameBatchIsWrittenTwice() {
		String device = device("twice");
		List<Item> batch = batch(device, 0, 100, 20);

		assertThat(write(batch)).allMatch((result) -> result.status() == WriteResult.Status.INSERTED);
		assertThat(write(batch)).allMatch((result) -> result.status() == WriteResult.Status.DUPLICATE);

		DeviceSummary summary = this.devices.find(device).orElseThrow();
		assertThat(summary.readingCount()).isEqualTo(20);
		assertThat(summary.firstMeasuredAt()).isEqualTo(BASE.plusSeconds(100));
		assertThat(summary.lastMeasuredAt()).isEqualTo(BASE.plusSeconds(119));
		assertThat(summary.lastStoredAt()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
	}

	@Test
	void countsTheReadingsOfABatchThatWasStoredWhenTheServiceDiedBeforeItsDeviceUpdate() {
		String device = device("crashed");
		List<Item> batch = batch(device, 2, 40, 25);
		Instant firstAttempt = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);
		// the first attempt's insertMany went through, exactly as the writer does it;
		// then
		// the service died: no device update, no offset commit, so Kafka redelivers
		MongoCollection<BsonDocument> readings = this.mongo.getDb()
			.getCollection(this.properties.collection(), BsonDocument.class);
		readings.insertMany(
				batch.stream().map((item) -> ReadingDocuments.of(item.event(), item.position(), firstAttempt)).toList(),
				new InsertManyOptions().ordered(false));
		assertThat(this.devices.find(device)).isEmpty();

		assertThat(write(batch)).allMatch((result) -> result.status() == WriteResult.Status.DUPLICATE);
		assertThat(write(batch)).allMatch((result) -> result.status() == WriteResult.Status.DUPLICATE);

		DeviceSummary summary = this.devices.find(device).orElseThrow();
		assertThat(summary.readingCount()).isEqualTo(25);
		assertThat(summary.lastStoredAt()).isEqualTo(firstAttempt);
		assertThat(summary.firstMeasuredAt()).isEqualTo(BASE.plusSeconds(40));
		assertThat(summary.lastMeasuredAt()).isEqualTo(BASE.plusSeconds(64));
	}

	@Test
	void countsExactlyTheRestWhenARedeliveryCutsTheRecordsIntoOtherBatches() {
		String device = device("recut");
		write(batch(device, 1, 100, 10));

		// redelivered from offset 100 after a crash before the commit, in other batches:
		// the first overlaps what was counted, the second straddles it, the third is new
		write(batch(device, 1, 100, 5));
		write(batch(device, 1, 105, 10));
		write(batch(device, 1, 115, 5));

		assertThat(this.devices.find(device).orElseThrow().readingCount()).isEqualTo(20);
		assertThat(this.devices.find(device).orElseThrow().lastMeasuredAt()).isEqualTo(BASE.plusSeconds(119));
	}

	@Test
	void neverCountsAnEventThatAnotherRecordHadAlreadyStored() {
		String device = device("republished");
		List<Item> batch = batch(device, 0, 100, 10);
		write(batch);
		// the same events again at later offsets: ingest published them twice (an SQS
		// redelivery) or a replay sent them back to the topic
		List<Item> republished = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			republished.add(new Item(batch.get(i).event(), new KafkaPosition(0, 500 + i)));
		}
		republished.add(item(device, 0, 510));

		List<WriteResult<Item>> results = write(republished);

		assertThat(results).filteredOn((result) -> result.status() == WriteResult.Status.DUPLICATE).hasSize(10);
		assertThat(this.devices.find(device).orElseThrow().readingCount()).isEqualTo(11);
	}

	@Test
	void countsEachReadingOnceWhenTwoConsumersWriteTheSameBatchAtOnce() throws Exception {
		for (int round = 0; round < 5; round++) {
			String device = device("concurrent-" + round);
			List<Item> batch = batch(device, 4, 1000, 50);
			CyclicBarrier start = new CyclicBarrier(2);
			List<Future<List<WriteResult<Item>>>> writers = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				writers.add(CompletableFuture.supplyAsync(() -> {
					await(start);
					return write(batch);
				}));
			}
			long inserted = 0;
			for (Future<List<WriteResult<Item>>> written : writers) {
				inserted += written.get()
					.stream()
					.filter((result) -> result.status() == WriteResult.Status.INSERTED)
					.count();
			}

			assertThat(inserted).isEqualTo(50);
			assertThat(this.devices.find(device).orElseThrow().readingCount()).as("round %d", round).isEqualTo(50);
		}
	}

	@Test
	void countsEachReadingOnceWhenKafkaRedeliversRecordsItHadStoredAndCommitted() throws Exception {
		String device = device("kafka");
		List<RecordMetadata> sent = send(device, 30);
		int partition = sent.get(0).partition();
		long first = sent.get(0).offset();
		long last = sent.get(sent.size() - 1).offset();
		TopicPartition topicPartition = new TopicPartition(TOPIC, partition);
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
			waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(this.devices.find(device))
					.hasValueSatisfying((summary) -> assertThat(summary.readingCount()).isEqualTo(30));
				assertThat(committed(admin, topicPartition)).isGreaterThan(last);
			});
			double duplicatesBefore = this.meters.get("telemetry.persistence.records.duplicates").counter().count();

			// rewind the group to the first record: Kafka redelivers all 30
			MessageListenerContainer container = this.listeners.getListenerContainer("telemetry-persistence");
			container.stop();
			waitAtMost(Duration.ofSeconds(30)).untilAsserted(
					() -> admin.alterConsumerGroupOffsets(GROUP, Map.of(topicPartition, new OffsetAndMetadata(first)))
						.all()
						.get());
			assertThat(committed(admin, topicPartition)).isEqualTo(first);
			container.start();

			waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(committed(admin, topicPartition)).isGreaterThan(last);
				assertThat(this.meters.get("telemetry.persistence.records.duplicates").counter().count())
					.isGreaterThanOrEqualTo(duplicatesBefore + 30);
			});
		}
		DeviceSummary summary = this.devices.find(device).orElseThrow();
		assertThat(summary.readingCount()).isEqualTo(30);
		assertThat(summary.firstMeasuredAt()).isEqualTo(BASE);
		assertThat(summary.lastMeasuredAt()).isEqualTo(BASE.plusSeconds(29));
	}

	private List<WriteResult<Item>> write(List<Item> batch) {
		return this.writer.write(batch, Item::event, Item::position);
	}

	private static long committed(Admin admin, TopicPartition partition) throws Exception {
		OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get()
			.get(partition);
		return (offset != null) ? offset.offset() : -1;
	}

	private static List<RecordMetadata> send(String device, int count) throws Exception {
		TelemetryEventCodec codec = new TelemetryEventCodec();
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
		List<Future<RecordMetadata>> sent = new ArrayList<>();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < count; i++) {
				sent.add(producer.send(new ProducerRecord<>(TOPIC, device, codec.encode(event(device, i)))));
			}
			producer.flush();
		}
		List<RecordMetadata> metadata = new ArrayList<>();
		for (Future<RecordMetadata> future : sent) {
			metadata.add(future.get());
		}
		return metadata;
	}

	private static List<Item> batch(String device, int partition, long firstOffset, int count) {
		List<Item> items = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			items.add(item(device, partition, firstOffset + i));
		}
		return items;
	}

	private static Item item(String device, int partition, long offset) {
		return new Item(event(device, offset), new KafkaPosition(partition, offset));
	}

	private static TelemetryEvent event(String device, long sequence) {
		return new TelemetryEvent(1, device + "/m" + sequence, device, BASE.plusSeconds(sequence),
				Map.of("temperature", 20.0), Map.of(), new TelemetryEvent.Origin("sqs-" + sequence, BASE, null, null));
	}

	private static String device(String purpose) {
		return "summary-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An event and where it was read from. */
	private record Item(TelemetryEvent event, KafkaPosition position) {
	}

}
