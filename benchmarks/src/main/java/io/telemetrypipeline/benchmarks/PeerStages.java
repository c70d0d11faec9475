package io.telemetrypipeline.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.telemetrypipeline.benchmarks.peer.ConnectorPeer;

/**
 * The peer persistence-service is compared with: the MongoDB Kafka sink connector in a
 * Kafka Connect standalone worker, reading the same topic with as many tasks as the
 * service has consumers, writing to another collection of the same MongoDB, indexed as
 * the service's is.
 */
final class PeerStages {

	static final String WORKER = "Kafka Connect worker";

	private final Context context;

	PeerStages(Context context) {
		this.context = context;
	}

	/**
	 * Runs the connector over a topic until the collection holds every event.
	 * @param stage the stage reported
	 * @param model the connector's write model
	 * @param topic the topic, holding exactly the workload's events
	 * @param workload the workload on it
	 * @param indexSource a collection persistence-service created, whose indexes are
	 * copied
	 * @return the result
	 */
	StageResult run(Stage stage, ConnectorPeer.WriteModel model, String topic, Workload workload, String indexSource) {
		String collection = "bench_peer_" + model.name().toLowerCase(Locale.ROOT);
		this.context.mongo().fresh(collection);
		Set<String> indexes = this.context.mongo().copyIndexes(indexSource, collection);
		int tasks = ServiceDefaults.persistenceConsumers();
		long launched = System.nanoTime();
		try (ConnectorPeer peer = ConnectorPeer.start(this.context.servers().kafkaBootstrapServers(),
				this.context.servers().mongoUri(), MongoReadings.DATABASE, collection, topic, tasks, model,
				this.context.logs().resolve("connect-" + model.name().toLowerCase(Locale.ROOT)))) {
			double ready = (System.nanoTime() - launched) / 1e9;
			List<Watched> watched = List.of(new Watched(WORKER, peer.pid()), this.context.broker(), Watched.self());
			ResourceWindow.resetPeaks(watched);
			ProgressWatch.Window window = ProgressWatch.await(stage.label() + ", documents in " + collection,
					() -> this.context.mongo().count(collection), this.context.settings().warmup(), workload.size(),
					Duration.ofSeconds(120), watched, () -> {
					});
			StageResult result = StageResult.of(stage, window,
					new StageResult.Startup(ready, (window.outputNanos() - launched) / 1e9),
					"tasks.max=" + tasks + ", fresh consumer group, indexes " + indexes);
			this.context.mongo().requireExactly(collection, workload.eventIds());
			this.context.mongo().collection(collection).drop();
			return result;
		}
	}

}
