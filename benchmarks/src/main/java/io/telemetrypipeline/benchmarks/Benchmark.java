package io.telemetrypipeline.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.telemetrypipeline.benchmarks.peer.ConnectorPeer;
import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.proxy.TcpProxy;
import lombok.extern.slf4j.Slf4j;

/**
 * One benchmark run: starts the embedded servers once and runs every stage on them, in an
 * order that lets later stages reuse what earlier ones produced (ingest-service's output
 * topic is the pre-filled topic of persistence-service, with and without its device
 * summaries, and of the peer; persistence-service's collection gives the raw insert its
 * indexes). With {@code benchmark.persistence-only}, only the persistence-service stages
 * run, on a topic the benchmark fills itself.
 */
@Slf4j
final class Benchmark {

	private static final String PERSISTENCE_COLLECTION = "bench_persistence";

	private final BenchmarkSettings settings;

	private final BenchmarkReport report;

	Benchmark(BenchmarkSettings settings) {
		this.settings = settings;
		this.report = new BenchmarkReport(Machine.describe(), settings);
	}

	BenchmarkReport report() {
		return this.report;
	}

	/**
	 * Runs every stage; the report holds what was measured even when a stage fails.
	 * @return the report
	 * @throws BenchmarkFailure when a stage failed, lost or duplicated messages
	 */
	BenchmarkReport run() {
		try {
			runStages();
			return this.report;
		}
		catch (RuntimeException ex) {
			this.report.failed(ex.toString());
			throw (ex instanceof BenchmarkFailure) ? ex : new BenchmarkFailure("The benchmark failed", ex);
		}
	}

	private void runStages() {
		Path logs = this.settings.output().resolve("benchmark-logs").toAbsolutePath();
		InfrastructureSettings infrastructure = InfrastructureSettings.forTests();
		if (this.settings.kafkaFullCompiler()) {
			infrastructure = infrastructure.withKafkaFullCompiler();
		}
		try (PipelineInfrastructure servers = PipelineInfrastructure.embedded(infrastructure);
				Queues queues = new Queues(servers);
				Topics topics = new Topics(servers.kafkaBootstrapServers());
				MongoClient mongo = MongoClients.create(servers.mongoUri())) {
			Context context = new Context(this.settings, servers, queues, topics, new MongoReadings(mongo),
					Context.findBroker(), logs);
			RawLimits raw = new RawLimits(context);
			ServiceStages services = new ServiceStages(context);
			if (this.settings.persistenceOnly()) {
				Workload workload = Workload.of("persistence", this.settings.warmup() + this.settings.readings(),
						this.settings.devices());
				String topic = topics.create("persistence");
				topics.fill(topic, workload);
				deviceRounds(context, services, topic, workload);
				return;
			}
			int threads = this.settings.sqsThreads();
			stage(Stage.RAW_SQS_1, () -> raw.sqs(Stage.RAW_SQS_1, servers.sqsEndpoint(), 1));
			stage(Stage.RAW_SQS_N, () -> raw.sqs(Stage.RAW_SQS_N, servers.sqsEndpoint(), threads));
			stage(Stage.RAW_KAFKA, raw::kafka);
			log.info("Stage: {}", Stage.INGEST.label());
			ServiceStages.Ingested ingested = services.ingest(Stage.INGEST, servers);
			this.report.add(ingested.result());
			deviceRounds(context, services, ingested.topic(), ingested.workload());
			stage(Stage.RAW_MONGO_1, () -> raw.mongo(Stage.RAW_MONGO_1, 1, PERSISTENCE_COLLECTION));
			stage(Stage.RAW_MONGO_3, () -> raw.mongo(Stage.RAW_MONGO_3, 3, PERSISTENCE_COLLECTION));
			if (this.settings.peer()) {
				PeerStages peer = new PeerStages(context);
				stage(Stage.PEER_INSERT, () -> peer.run(Stage.PEER_INSERT, ConnectorPeer.WriteModel.INSERT,
						ingested.topic(), ingested.workload(), PERSISTENCE_COLLECTION));
				stage(Stage.PEER_UPSERT, () -> peer.run(Stage.PEER_UPSERT, ConnectorPeer.WriteModel.UPSERT,
						ingested.topic(), ingested.workload(), PERSISTENCE_COLLECTION));
			}
			context.mongo().collection(PERSISTENCE_COLLECTION).drop();
			log.info("Stage: {}", Stage.END_TO_END.label());
			ServiceStages.EndToEnd endToEnd = services.endToEnd();
			this.report.add(endToEnd.result());
			this.report.paced(endToEnd.paced());
			if (this.settings.remote()) {
				remote(context, raw, services);
			}
		}
	}

	/**
	 * persistence-service alone, with and without its device summaries, in alternating
	 * order for the configured rounds; the first round's runs are the stages' rows, and
	 * the first run with summaries keeps its collection for the stages that copy its
	 * indexes (unless no such stage runs).
	 * @param context the stages' context
	 * @param services the service stages
	 * @param topic the topic, holding exactly the workload's events
	 * @param workload the workload on it
	 */
	private void deviceRounds(Context context, ServiceStages services, String topic, Workload workload) {
		List<DeviceRound> rounds = new ArrayList<>();
		for (int round = 1; round <= this.settings.deviceRounds(); round++) {
			boolean withFirst = round % 2 == 0;
			StageResult with = null;
			StageResult without = null;
			for (boolean summaries : withFirst ? List.of(true, false) : List.of(false, true)) {
				Stage stage = summaries ? Stage.PERSISTENCE : Stage.PERSISTENCE_WITHOUT_DEVICES;
				String collection = (round == 1 && summaries) ? PERSISTENCE_COLLECTION
						: "bench_persistence_" + round + (summaries ? "_with" : "_without");
				log.info("Stage: {}, round {} of {}", stage.label(), round, this.settings.deviceRounds());
				StageResult result = services.persistence(stage, topic, workload, collection, summaries);
				log.info("Stage: {}, round {} done: {} messages at {} msg/s", stage.label(), round, result.messages(),
						Math.round(result.throughput()));
				if (!collection.equals(PERSISTENCE_COLLECTION) || this.settings.persistenceOnly()) {
					// the wire server keeps everything in the benchmark JVM's heap
					context.mongo().collection(collection).drop();
				}
				context.mongo().collection(ServiceStages.devicesOf(collection)).drop();
				if (round == 1) {
					this.report.add(result);
				}
				if (summaries) {
					with = result;
				}
				else {
					without = result;
				}
			}
			rounds.add(new DeviceRound(round, withFirst, with, without));
			this.report.deviceRounds(rounds);
		}
	}

	private void remote(Context context, RawLimits raw, ServiceStages services) {
		URI sqs = context.servers().sqsEndpoint();
		try (TcpProxy proxy = TcpProxy.start(sqs.getHost(), sqs.getPort(), this.settings.remoteDelay())) {
			URI endpoint = URI.create("http://127.0.0.1:" + proxy.port());
			stage(Stage.REMOTE_RAW_SQS_1, () -> raw.sqs(Stage.REMOTE_RAW_SQS_1, endpoint, 1));
			stage(Stage.REMOTE_RAW_SQS_N, () -> raw.sqs(Stage.REMOTE_RAW_SQS_N, endpoint, this.settings.sqsThreads()));
			stage(Stage.REMOTE_INGEST,
					() -> services.ingest(Stage.REMOTE_INGEST, new SqsEndpointOverride(context.servers(), endpoint))
						.result());
		}
	}

	private void stage(Stage stage, Supplier<StageResult> run) {
		log.info("Stage: {}", stage.label());
		StageResult result = run.get();
		this.report.add(result);
		log.info("Stage: {} done: {} messages at {} msg/s", stage.label(), result.messages(),
				Math.round(result.throughput()));
	}

}
