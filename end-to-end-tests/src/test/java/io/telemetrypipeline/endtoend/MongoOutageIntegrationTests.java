package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Server;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenario 5: MongoDB is unreachable for about 20 s while readings keep arriving.
 * persistence-service retries with bounded back-off, commits no offset, dead-letters
 * nothing and reports not ready; after MongoDB is back every reading is stored exactly
 * once. Runs on embedded servers and on containers alike.
 */
class MongoOutageIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	@Test
	void retriesThroughAMongoOutageWithoutCommittingOrDeadLettering() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "mongo-outage", 10, false);
		try (LocalPipeline pipeline = LocalPipeline.start(servers,
				readings.onQueue(ScenarioReadings.ONE_BATCH_AT_A_TIME))) {
			readings.stream(500, 250).get();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(60));
			double deadLetteredBefore = pipeline.count("telemetry.persistence.records.dead.lettered");

			servers.faults().stop(Server.MONGODB);
			try {
				CompletableFuture<Void> duringOutage = readings.stream(2000, 100);
				waitAtMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(Readiness.of(pipeline.persistence())).isEqualTo(503));
				waitAtMost(Duration.ofSeconds(30)).untilAsserted(
						() -> assertThat(pipeline.count("telemetry.persistence.batches.failed")).isPositive());
				Map<TopicPartition, OffsetAndMetadata> committedEarly = committedOffsets();
				duringOutage.get();
				assertThat(committedOffsets()).as("no offset committed while MongoDB is down")
					.isEqualTo(committedEarly);
				assertThat(Readiness.of(pipeline.ingest())).as("ingest does not depend on MongoDB").isEqualTo(200);
			}
			finally {
				servers.faults().start(Server.MONGODB);
			}

			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(Readiness.of(pipeline.persistence())).isEqualTo(200));
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(120));
			assertThat(pipeline.count("telemetry.persistence.records.dead.lettered")).isEqualTo(deadLetteredBefore);
		}
		readings.assertPerDeviceOrderInKafka();
	}

	private static Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
			return admin.listConsumerGroupOffsets("telemetry-persistence").partitionsToOffsetAndMetadata().get();
		}
	}

}
