package io.telemetrypipeline.benchmarks;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.telemetrypipeline.model.TelemetryEventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The raw limits the services are compared with: what plain clients in this JVM achieve
 * against the same servers, doing the same work without any service logic.
 */
final class RawLimits {

	private static final int MONGO_BATCH = 500;

	private final Context context;

	RawLimits(Context context) {
		this.context = context;
	}

	/**
	 * Receives (10 at a time) and batch-deletes a pre-filled queue from {@code threads}
	 * threads.
	 * @param stage the stage reported
	 * @param endpoint the SQS endpoint, the servers' own or a delaying TCP proxy
	 * @param threads client threads
	 * @return the result
	 */
	StageResult sqs(Stage stage, URI endpoint, int threads) {
		Workload workload = Workload.of("rawsqs" + stage.ordinal(), this.context.settings().readings(),
				this.context.settings().devices());
		Queues.Queue queue = this.context.queues().create("raw-sqs");
		this.context.queues().fill(queue, workload.bodies());
		Map<String, Long> received = new ConcurrentHashMap<>();
		AtomicLong deleted = new AtomicLong();
		long target = workload.size();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Watched> watched = List.of(Watched.self());
		ResourceWindow.resetPeaks(watched);
		try (SqsClient sqs = this.context.queues().client(endpoint)) {
			ResourceWindow resources = ResourceWindow.open(watched);
			long start = System.nanoTime();
			AtomicLong end = new AtomicLong();
			List<Future<?>> loops = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				loops.add(pool.submit(() -> receiveAndDelete(sqs, queue, received, deleted, target, end)));
			}
			for (Future<?> loop : loops) {
				loop.get();
			}
			ProgressWatch.Window window = new ProgressWatch.Window(start, 0, end.get(), deleted.get(),
					resources.close(deleted.get()));
			Exactly.require(queue.name(), new HashSet<>(workload.bodies()), received);
			this.context.queues().requireEmptyAndDelete(queue);
			return StageResult.of(stage, window, null, threads + " client thread(s), sync SDK client");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkFailure("Interrupted in " + stage.label(), ex);
		}
		catch (ExecutionException ex) {
			throw new BenchmarkFailure(stage.label() + " failed", ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void receiveAndDelete(SqsClient sqs, Queues.Queue queue, Map<String, Long> received,
			AtomicLong deleted, long target, AtomicLong end) {
		while (deleted.get() < target) {
			List<Message> messages = sqs
				.receiveMessage((request) -> request.queueUrl(queue.url())
					.maxNumberOfMessages(10)
					.waitTimeSeconds(1)
					.messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
							MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
				.messages();
			if (messages.isEmpty()) {
				continue;
			}
			List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < messages.size(); i++) {
				entries.add(DeleteMessageBatchRequestEntry.builder()
					.id("d" + i)
					.receiptHandle(messages.get(i).receiptHandle())
					.build());
			}
			DeleteMessageBatchResponse response = sqs
				.deleteMessageBatch((request) -> request.queueUrl(queue.url()).entries(entries));
			if (!response.failed().isEmpty()) {
				throw new BenchmarkFailure("SQS did not delete " + response.failed());
			}
			messages.forEach((message) -> received.merge(message.body(), 1L, Long::sum));
			if (deleted.addAndGet(messages.size()) >= target) {
				end.compareAndSet(0, System.nanoTime());
			}
		}
	}

	/**
	 * Produces the canonical events of a workload to a fresh topic with ingest-service's
	 * producer settings, then checks that the topic holds each once.
	 * @return the result
	 */
	StageResult kafka() {
		Workload workload = Workload.of("rawkafka", this.context.settings().readings(),
				this.context.settings().devices());
		TelemetryEventCodec codec = new TelemetryEventCodec();
		Instant now = Instant.now();
		List<ProducerRecord<String, byte[]>> records = workload.readings()
			.stream()
			.map((reading) -> new ProducerRecord<>("", reading.deviceId(), codec.encode(reading.event(now))))
			.toList();
		String topic = this.context.topics().create("raw-kafka");
		Map<String, Object> config = new HashMap<>(ServiceDefaults.ingestProducer());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.context.servers().kafkaBootstrapServers());
		List<Watched> watched = List.of(Watched.self(), this.context.broker());
		ResourceWindow.resetPeaks(watched);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.partitionsFor(topic);
			ResourceWindow resources = ResourceWindow.open(watched);
			long start = System.nanoTime();
			List<Future<?>> sent = new ArrayList<>(records.size());
			for (ProducerRecord<String, byte[]> record : records) {
				sent.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
			}
			for (Future<?> future : sent) {
				future.get();
			}
			long end = System.nanoTime();
			ProgressWatch.Window window = new ProgressWatch.Window(start, 0, end, records.size(),
					resources.close(records.size()));
			long held = this.context.topics().records(topic);
			if (held != records.size()) {
				throw new BenchmarkFailure(topic + " holds " + held + " records after producing " + records.size());
			}
			this.context.topics().requireExactly(topic, workload.eventIds());
			return StageResult.of(Stage.RAW_KAFKA, window, null, "one producer, " + producerNote(config));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkFailure("Interrupted in raw Kafka", ex);
		}
		catch (ExecutionException ex) {
			throw new BenchmarkFailure("Kafka refused a record", ex.getCause());
		}
	}

	private static String producerNote(Map<String, Object> config) {
		return "acks=" + config.get(ProducerConfig.ACKS_CONFIG) + ", idempotence="
				+ config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG) + ", "
				+ config.get(ProducerConfig.COMPRESSION_TYPE_CONFIG) + ", linger.ms="
				+ config.get(ProducerConfig.LINGER_MS_CONFIG);
	}

	/**
	 * Inserts the documents persistence-service would store, in unordered batches of 500
	 * from {@code threads} threads, into a fresh collection with the service's indexes.
	 * @param stage the stage reported
	 * @param threads client threads
	 * @param indexSource a collection persistence-service created, whose indexes are
	 * copied
	 * @return the result
	 */
	StageResult mongo(Stage stage, int threads, String indexSource) {
		Workload workload = Workload.of("rawmongo" + threads, this.context.settings().readings(),
				this.context.settings().devices());
		Instant now = Instant.now();
		List<Document> documents = workload.readings().stream().map((reading) -> reading.document(now, now)).toList();
		String name = "bench_raw_mongo_" + threads;
		MongoCollection<Document> collection = this.context.mongo().fresh(name);
		Set<String> indexes = this.context.mongo().copyIndexes(indexSource, name);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Watched> watched = List.of(Watched.self());
		ResourceWindow.resetPeaks(watched);
		try {
			ResourceWindow resources = ResourceWindow.open(watched);
			long start = System.nanoTime();
			List<Future<?>> batches = new ArrayList<>();
			for (int from = 0; from < documents.size(); from += MONGO_BATCH) {
				List<Document> batch = documents.subList(from, Math.min(from + MONGO_BATCH, documents.size()));
				batches.add(pool.submit(() -> collection.insertMany(batch, new InsertManyOptions().ordered(false))));
			}
			for (Future<?> batch : batches) {
				batch.get();
			}
			long end = System.nanoTime();
			ProgressWatch.Window window = new ProgressWatch.Window(start, 0, end, documents.size(),
					resources.close(documents.size()));
			this.context.mongo().requireExactly(name, workload.eventIds());
			collection.drop();
			return StageResult.of(stage, window, null,
					threads + " thread(s), batches of " + MONGO_BATCH + ", indexes " + indexes);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkFailure("Interrupted in " + stage.label(), ex);
		}
		catch (ExecutionException ex) {
			throw new BenchmarkFailure(stage.label() + ": MongoDB refused a batch", ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
	}

}
