package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Provisioning;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The readings of one fault scenario: numbered readings of the scenario's own devices,
 * sent into SQS as an IoT rule would, and the checks a user cares about afterwards: every
 * reading stored exactly once with its fields, nothing else stored, and each device's
 * readings in order in Kafka.
 */
final class ScenarioReadings {

	/**
	 * A standard queue keeps no order, so ingest-service keeps many batches in flight on
	 * it by default; scenarios that check per-device order on a standard queue run with
	 * one batch at a time (FIFO queues keep the order at any concurrency).
	 */
	static final Map<String, String> ONE_BATCH_AT_A_TIME = Map.of("server.port", "0",
			"telemetry.ingest.listener.max-concurrent-messages", "10");

	private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");

	private final PipelineInfrastructure servers;

	private final String prefix;

	private final int devices;

	private final String queue;

	private final Map<String, Double> expected = new LinkedHashMap<>();

	private final List<String> sentBodies = new ArrayList<>();

	private int next;

	/**
	 * Readings for a scenario.
	 * @param servers the servers
	 * @param prefix device id prefix, unique per scenario
	 * @param devices how many devices
	 * @param queue the ingest queue; a FIFO queue gets each device as its message group
	 */
	ScenarioReadings(PipelineInfrastructure servers, String prefix, int devices, String queue) {
		this.servers = servers;
		this.prefix = prefix;
		this.devices = devices;
		this.queue = queue;
	}

	/**
	 * Readings for a scenario that shares its servers with others, on an ingest queue of
	 * its own, created here with its dead-letter queue ({@link #queue()},
	 * {@link #deadLetterQueue()}). The scenario then starts from empty queues whatever
	 * ran before, and the queue's history stays its own: ElasticMQ keeps the receive
	 * attempts of a FIFO queue for 15 minutes and scans them all on every receive and
	 * send, so one FIFO queue for every scenario of a JVM made each scenario slower than
	 * the one before.
	 * @param servers the servers
	 * @param prefix device id prefix, unique per scenario; also names the queues
	 * @param devices how many devices
	 * @param fifo whether the queues are FIFO queues (each device its message group)
	 * @return the readings
	 */
	static ScenarioReadings onOwnQueue(PipelineInfrastructure servers, String prefix, int devices, boolean fifo) {
		return onOwnQueue(servers, prefix, devices, fifo, InfrastructureSettings.forTests());
	}

	/**
	 * Readings on an ingest queue of its own, as
	 * {@link #onOwnQueue(PipelineInfrastructure, String, int, boolean)}, created with the
	 * given settings' visibility timeout and {@code maxReceiveCount}.
	 * @param servers the servers
	 * @param prefix device id prefix, unique per scenario; also names the queues
	 * @param devices how many devices
	 * @param fifo whether the queues are FIFO queues (each device its message group)
	 * @param queueSettings the queue's visibility timeout and {@code maxReceiveCount}
	 * @return the readings
	 */
	static ScenarioReadings onOwnQueue(PipelineInfrastructure servers, String prefix, int devices, boolean fifo,
			InfrastructureSettings queueSettings) {
		String suffix = fifo ? ".fifo" : "";
		ScenarioReadings readings = new ScenarioReadings(servers, prefix, devices, prefix + suffix);
		Provisioning.createQueue(servers, queueSettings, readings.queue(), readings.deadLetterQueue());
		return readings;
	}

	/** The ingest queue the readings are sent to. */
	String queue() {
		return this.queue;
	}

	/** The dead-letter queue of {@link #queue()}, named as the deployed queues are. */
	String deadLetterQueue() {
		return this.queue.endsWith(".fifo") ? this.queue.replace(".fifo", "-dlq.fifo") : this.queue + "-dlq";
	}

	/**
	 * Service settings with ingest-service reading from {@link #queue()}.
	 * @param overrides the scenario's other settings
	 * @return the overrides and the queue
	 */
	Map<String, String> onQueue(Map<String, String> overrides) {
		Map<String, String> settings = new HashMap<>(overrides);
		settings.put("telemetry.ingest.queue", this.queue);
		return settings;
	}

	String deviceId(int device) {
		return "%s-%02d".formatted(this.prefix, device);
	}

	/**
	 * Sends {@code count} new readings at about {@code perSecond}, in the background.
	 * @param count how many readings
	 * @param perSecond the pace
	 * @return completes when all were accepted by SQS
	 */
	CompletableFuture<Void> stream(int count, int perSecond) {
		return send(nextBodies(count), perSecond);
	}

	private CompletableFuture<Void> send(List<String> bodies, int perSecond) {
		return CompletableFuture.runAsync(() -> {
			long pauseNanos = Duration.ofSeconds(10).toNanos() / perSecond;
			try (SqsClient sqs = this.servers.sqsClient()) {
				String url = sqs.getQueueUrl((request) -> request.queueName(this.queue)).queueUrl();
				boolean fifo = this.queue.endsWith(".fifo");
				for (int i = 0; i < bodies.size(); i += 10) {
					List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
					for (int n = i; n < Math.min(i + 10, bodies.size()); n++) {
						SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
							.id("m" + n)
							.messageBody(bodies.get(n));
						if (fifo) {
							entry.messageGroupId(deviceOf(bodies.get(n)))
								.messageDeduplicationId(UUID.randomUUID().toString());
						}
						entries.add(entry.build());
					}
					assertThat(sqs.sendMessageBatch((request) -> request.queueUrl(url).entries(entries)).failed())
						.isEmpty();
					LockSupport.parkNanos(pauseNanos);
				}
			}
		});
	}

	private static String deviceOf(String body) {
		int start = body.indexOf("\"deviceId\":\"") + 12;
		return body.substring(start, body.indexOf('"', start));
	}

	/**
	 * Sends again, as new SQS messages, readings already sent: the device retried with
	 * the same message id.
	 * @param count how many of the first readings to send again
	 * @return completes when SQS accepted them
	 */
	CompletableFuture<Void> resend(int count) {
		List<String> bodies;
		synchronized (this) {
			bodies = this.sentBodies.subList(0, Math.min(count, this.sentBodies.size())).stream().toList();
		}
		return send(bodies, 1000);
	}

	private synchronized List<String> nextBodies(int count) {
		List<String> bodies = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int sequence = this.next++;
			String device = deviceId(sequence % this.devices);
			double value = sequence * 0.5;
			this.expected.put(device + "/n" + sequence, value);
			bodies.add(
					"{\"deviceId\":\"%s\",\"messageId\":\"n%d\",\"timestamp\":\"%s\",\"readings\":{\"value\":%s},\"clientId\":\"%1$s\"}"
						.formatted(device, sequence, BASE.plusMillis(sequence), value));
		}
		this.sentBodies.addAll(bodies);
		return bodies;
	}

	/**
	 * Takes every message off {@link #deadLetterQueue()} and checks that each is one of
	 * this scenario's readings.
	 * @return the bodies taken off the queue
	 */
	List<String> drainDeadLetters() {
		List<String> bodies = new ArrayList<>();
		try (SqsClient sqs = this.servers.sqsClient()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(deadLetterQueue())).queueUrl();
			List<Message> batch;
			do {
				batch = sqs
					.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
					.messages();
				for (Message message : batch) {
					bodies.add(message.body());
					sqs.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
				}
			}
			while (!batch.isEmpty());
		}
		assertThat(bodies).allSatisfy((body) -> assertThat(deviceOf(body)).startsWith(this.prefix + "-"));
		return bodies;
	}

	/**
	 * Waits until at least {@code count} readings of this scenario are stored, to strike
	 * a fault while the stream is flowing.
	 * @param count how many
	 * @param timeout the longest wait
	 */
	void awaitSomeStored(int count, Duration timeout) {
		try (MongoClient client = MongoClients.create(this.servers.mongoUri())) {
			MongoCollection<Document> readings = client.getDatabase("telemetry").getCollection("readings");
			Document ofScenario = ofScenario();
			waitAtMost(timeout).pollInterval(Duration.ofMillis(100))
				.until(() -> readings.countDocuments(ofScenario) >= count);
		}
	}

	/**
	 * Waits until every reading sent so far is stored, then checks that each is stored
	 * exactly once with its fields and that nothing else of this scenario is stored.
	 * @param timeout the longest wait
	 */
	void awaitStoredExactlyOnce(Duration timeout) {
		Map<String, Double> sent;
		synchronized (this) {
			sent = new HashMap<>(this.expected);
		}
		try (MongoClient client = MongoClients.create(this.servers.mongoUri())) {
			MongoCollection<Document> readings = client.getDatabase("telemetry").getCollection("readings");
			Document ofScenario = ofScenario();
			waitAtMost(timeout).pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(readings.countDocuments(ofScenario)).isEqualTo(sent.size()));
			Map<String, Document> stored = new HashMap<>();
			readings.find(ofScenario).forEach((document) -> stored.put(document.getString("_id"), document));
			assertThat(stored.keySet()).isEqualTo(sent.keySet());
			sent.forEach((eventId, value) -> assertThat(stored.get(eventId).get("readings", Document.class))
				.containsExactlyEntriesOf(Map.of("value", value)));
		}
	}

	/** The stored readings of this scenario's devices. */
	private Document ofScenario() {
		return new Document("deviceId", new Document("$regex", "^" + this.prefix + "-"));
	}

	/**
	 * Checks that each device's readings share one partition and appear in Kafka in the
	 * order they were measured (first occurrences; redeliveries may repeat a reading).
	 */
	void assertPerDeviceOrderInKafka() {
		int sent;
		synchronized (this) {
			sent = this.expected.size();
		}
		List<ConsumerRecord<String, byte[]>> records = KafkaRecords.read(this.servers.kafkaBootstrapServers(),
				PipelineNames.EVENTS_TOPIC,
				(record) -> record.key() != null && record.key().matches(this.prefix + "-\\d+"), sent,
				Duration.ofSeconds(30));
		Map<String, List<Instant>> byDevice = measuredOrderByDevice(records);
		assertThat(byDevice).hasSize(this.devices);
		byDevice.forEach((device, order) -> assertThat(order).as("order of %s in Kafka", device).isSorted());
	}

	/**
	 * Each device's readings as Kafka holds them, keyed by device id: the measured times
	 * of their first occurrences (redeliveries and duplicates repeat some), in offset
	 * order; checks that each device's records share one partition.
	 * @param records records of {@code telemetry.events}, in offset order per partition
	 * @return device id to the measured times, in Kafka's order
	 */
	static Map<String, List<Instant>> measuredOrderByDevice(List<ConsumerRecord<String, byte[]>> records) {
		TelemetryEventCodec codec = new TelemetryEventCodec();
		Map<String, List<ConsumerRecord<String, byte[]>>> byDevice = records.stream()
			.collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new, Collectors.toList()));
		Map<String, List<Instant>> order = new LinkedHashMap<>();
		byDevice.forEach((device, deviceRecords) -> {
			assertThat(deviceRecords).extracting(ConsumerRecord::partition)
				.as("partitions of %s", device)
				.containsOnly(deviceRecords.get(0).partition());
			Set<String> seen = new LinkedHashSet<>();
			List<Instant> measured = new ArrayList<>();
			for (ConsumerRecord<String, byte[]> record : deviceRecords) {
				TelemetryEvent event = codec.decode(record.value());
				if (seen.add(event.eventId())) {
					measured.add(event.measuredAt());
				}
			}
			order.put(device, measured);
		});
		return order;
	}

}
