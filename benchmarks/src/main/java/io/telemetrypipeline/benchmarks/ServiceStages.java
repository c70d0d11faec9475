package io.telemetrypipeline.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;

import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;

/**
 * The stages that run the services, each in a JVM of its own through its {@code main}
 * class and configuration properties only: ingest-service alone, persistence-service
 * alone, and both end to end (followed by the paced load).
 */
final class ServiceStages {

	static final String INGEST = "ingest-service";

	static final String PERSISTENCE = "persistence-service";

	private static final String REJECTED_TOPIC = TopicsProperties.REJECTED;

	private static final String DEAD_LETTER_TOPIC = TopicsProperties.DEAD_LETTER;

	private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);

	private final Context context;

	ServiceStages(Context context) {
		this.context = context;
	}

	/**
	 * ingest-service drains a pre-filled queue into a fresh topic; the window runs from
	 * the first record on the topic to the last.
	 * @param stage the stage reported
	 * @param sqs the servers as the service sees them (possibly through a proxy)
	 * @return the result, the topic and the workload on it
	 */
	Ingested ingest(Stage stage, PipelineInfrastructure sqs) {
		BenchmarkSettings settings = this.context.settings();
		Workload workload = Workload.of("ingest" + stage.ordinal(), settings.warmup() + settings.readings(),
				settings.devices());
		Queues.Queue queue = this.context.queues().create("ingest");
		this.context.queues().fill(queue, workload.bodies());
		String topic = this.context.topics().create("ingest");
		long rejectedBefore = this.context.topics().records(REJECTED_TOPIC);
		List<String> arguments = LocalPipeline.serviceArguments(sqs,
				Map.of("telemetry.ingest.queue", queue.name(), "telemetry.topics.events", topic));
		try (ServiceJvm ingest = ServiceJvm.launch(INGEST, IngestServiceApplication.class, arguments,
				this.context.logs())) {
			CompletableFuture<Double> ready = CompletableFuture.supplyAsync(ingest::awaitReady);
			List<Watched> watched = List.of(ingest.watched(), this.context.broker(), Watched.self());
			ResourceWindow.resetPeaks(watched);
			ProgressWatch.Window window = ProgressWatch.await(stage.label() + ", records on " + topic,
					() -> this.context.topics().records(topic), settings.warmup(), workload.size(), STALL_TIMEOUT,
					watched, ingest::requireAlive);
			StageResult.Startup startup = new StageResult.Startup(join(ready),
					ingest.secondsSinceLaunch(window.outputNanos()));
			StageResult result = StageResult.of(stage, window, startup, "fresh queue and topic; service defaults"
					+ ((sqs instanceof SqsEndpointOverride proxy) ? ", SQS through " + proxy.sqsEndpoint() : ""));
			this.context.topics().requireExactly(topic, workload.eventIds());
			awaitEmpty(queue);
			this.context.queues().requireEmptyAndDelete(queue);
			requireUnchanged(REJECTED_TOPIC, rejectedBefore);
			return new Ingested(result, topic, workload);
		}
	}

	/**
	 * persistence-service drains a pre-filled topic into a fresh collection (and fresh
	 * device summaries) with a fresh consumer group; the window runs from the first
	 * stored document to the last.
	 * @param stage the stage reported
	 * @param topic the topic, holding exactly the workload's events
	 * @param workload the workload on it
	 * @param collection the collection to store into; the device summaries go to
	 * {@code <collection>_devices}
	 * @param deviceSummaries whether the service keeps its device summaries (its default)
	 * or runs with {@code telemetry.persistence.devices.enabled=false}
	 * @return the result
	 */
	StageResult persistence(Stage stage, String topic, Workload workload, String collection, boolean deviceSummaries) {
		this.context.mongo().fresh(collection);
		String devices = devicesOf(collection);
		this.context.mongo().fresh(devices);
		long deadLettersBefore = this.context.topics().records(DEAD_LETTER_TOPIC);
		List<String> arguments = LocalPipeline.serviceArguments(this.context.servers(),
				Map.of("telemetry.topics.events", topic, "telemetry.persistence.collection", collection,
						"spring.kafka.consumer.group-id", "bench-" + collection,
						"telemetry.persistence.devices.collection", devices, "telemetry.persistence.devices.enabled",
						Boolean.toString(deviceSummaries)));
		try (ServiceJvm persistence = ServiceJvm.launch(PERSISTENCE, PersistenceServiceApplication.class, arguments,
				this.context.logs())) {
			CompletableFuture<Double> ready = CompletableFuture.supplyAsync(persistence::awaitReady);
			List<Watched> watched = List.of(persistence.watched(), this.context.broker(), Watched.self());
			ResourceWindow.resetPeaks(watched);
			ProgressWatch.Window window = ProgressWatch.await(stage.label() + ", documents in " + collection,
					() -> this.context.mongo().count(collection), this.context.settings().warmup(), workload.size(),
					STALL_TIMEOUT, watched, persistence::requireAlive);
			double readySeconds = join(ready);
			double firstOutput = persistence.secondsSinceLaunch(window.outputNanos());
			StageResult result = StageResult.of(stage, window, new StageResult.Startup(readySeconds, firstOutput),
					"fresh collection, device summaries and consumer group; device summaries %s; first document "
						.formatted(deviceSummaries ? "on (the default)" : "off")
							+ "stored %.1f s after readiness".formatted(firstOutput - readySeconds));
			this.context.mongo().requireExactly(collection, workload.eventIds());
			if (deviceSummaries) {
				this.context.mongo().requireDeviceCounts(devices, workload.readingsPerDevice());
			}
			else if (this.context.mongo().count(devices) != 0) {
				throw new BenchmarkFailure(devices + " holds device summaries although they were turned off");
			}
			requireUnchanged(DEAD_LETTER_TOPIC, deadLettersBefore);
			return result;
		}
	}

	/**
	 * The collection of the device summaries that go with a collection of readings.
	 * @param collection the readings' collection
	 * @return the device summaries' collection
	 */
	static String devicesOf(String collection) {
		return collection + "_devices";
	}

	/**
	 * Both services drain a pre-filled queue into a fresh collection (persistence-service
	 * started and ready first); then, on the same services, the paced load.
	 * @return the end-to-end and paced results
	 */
	EndToEnd endToEnd() {
		BenchmarkSettings settings = this.context.settings();
		Workload workload = Workload.of("e2e", settings.warmup() + settings.readings(), settings.devices());
		Queues.Queue queue = this.context.queues().create("e2e");
		this.context.queues().fill(queue, workload.bodies());
		String topic = this.context.topics().create("e2e");
		String collection = "bench_e2e";
		this.context.mongo().fresh(collection);
		long rejectedBefore = this.context.topics().records(REJECTED_TOPIC);
		long deadLettersBefore = this.context.topics().records(DEAD_LETTER_TOPIC);
		List<String> persistenceArguments = LocalPipeline.serviceArguments(this.context.servers(),
				Map.of("telemetry.topics.events", topic, "telemetry.persistence.collection", collection,
						"spring.kafka.consumer.group-id", "bench-" + collection));
		List<String> ingestArguments = LocalPipeline.serviceArguments(this.context.servers(),
				Map.of("telemetry.ingest.queue", queue.name(), "telemetry.topics.events", topic));
		try (ServiceJvm persistence = ServiceJvm.launch(PERSISTENCE, PersistenceServiceApplication.class,
				persistenceArguments, this.context.logs())) {
			persistence.awaitReady();
			try (ServiceJvm ingest = ServiceJvm.launch(INGEST, IngestServiceApplication.class, ingestArguments,
					this.context.logs())) {
				CompletableFuture<Double> ready = CompletableFuture.supplyAsync(ingest::awaitReady);
				List<Watched> watched = List.of(ingest.watched(), persistence.watched(), this.context.broker(),
						Watched.self());
				ResourceWindow.resetPeaks(watched);
				Runnable liveness = () -> {
					ingest.requireAlive();
					persistence.requireAlive();
				};
				ProgressWatch.Window window = ProgressWatch.await(
						Stage.END_TO_END.label() + ", documents in " + collection,
						() -> this.context.mongo().count(collection), this.context.settings().warmup(), workload.size(),
						STALL_TIMEOUT, watched, liveness);
				StageResult result = StageResult.of(Stage.END_TO_END, window,
						new StageResult.Startup(join(ready), ingest.secondsSinceLaunch(window.outputNanos())),
						"fresh queue, topic, collection; persistence-service ready before ingest-service starts");
				this.context.mongo().requireExactly(collection, workload.eventIds());
				awaitEmpty(queue);
				PacedLoad.Result paced = new PacedLoad(this.context, queue, collection, workload)
					.run(settings.pacedFraction() * result.throughput(), settings.pacedDuration(), watched, liveness);
				this.context.topics().requireExactly(topic, paced.allEventIds());
				awaitEmpty(queue);
				this.context.queues().requireEmptyAndDelete(queue);
				requireUnchanged(REJECTED_TOPIC, rejectedBefore);
				requireUnchanged(DEAD_LETTER_TOPIC, deadLettersBefore);
				return new EndToEnd(result, paced);
			}
		}
	}

	/**
	 * Waits until the service deleted the last messages it published.
	 * @param queue the queue the service reads
	 */
	private void awaitEmpty(Queues.Queue queue) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.context.queues().depth(queue) > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

	private void requireUnchanged(String topic, long before) {
		long after = this.context.topics().records(topic);
		if (after != before) {
			throw new BenchmarkFailure((after - before) + " records reached " + topic + " during the stage");
		}
	}

	private static double join(CompletableFuture<Double> ready) {
		try {
			return ready.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
		}
	}

	/**
	 * The outcome of ingest-service alone.
	 *
	 * @param result the result
	 * @param topic the topic it filled
	 * @param workload the workload, now on the topic
	 */
	record Ingested(StageResult result, String topic, Workload workload) {
	}

	/**
	 * The outcome of the end-to-end stage.
	 *
	 * @param result the drain of the pre-filled queue
	 * @param paced the paced load
	 */
	record EndToEnd(StageResult result, PacedLoad.Result paced) {
	}

}
