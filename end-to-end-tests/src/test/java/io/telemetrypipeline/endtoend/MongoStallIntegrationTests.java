package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Server;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenario: MongoDB stalls for about 20 s while readings keep arriving. Its address
 * accepts connections and keeps them open but answers nothing, as a hung primary or a
 * write concern that is never satisfied does. Every MongoDB operation of
 * persistence-service is bounded by its operation timeout, so no consumer or API thread
 * waits past it: batch attempts keep failing and being retried, readiness turns DOWN
 * within seconds, the readings API answers 503 with {@code Retry-After} within the bound.
 * After MongoDB answers again every reading is stored exactly once and nothing is
 * dead-lettered. Test-only short timeouts keep the scenario short.
 */
class MongoStallIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(4);

	static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

	/** Slack on top of a bound for a busy two-core machine running several builds. */
	static final Duration MARGIN = Duration.ofSeconds(5);

	@Test
	void boundsEveryMongoDbWaitWhileItStallsAndStoresEveryReadingOnceAfter() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "mongo-stall", 10, false);
		Map<String, String> persistence = new HashMap<>(ScenarioReadings.ONE_BATCH_AT_A_TIME);
		persistence.put("telemetry.persistence.mongo-timeout", "1s");
		persistence.put("telemetry.persistence.mongo-operation-timeout", OPERATION_TIMEOUT.toSeconds() + "s");
		persistence.put("telemetry.persistence.mongo-health-timeout", HEALTH_TIMEOUT.toSeconds() + "s");
		persistence.put("telemetry.persistence.retry.max-interval", "2s");
		try (LocalPipeline pipeline = LocalPipeline.start(servers, persistence,
				readings.onQueue(ScenarioReadings.ONE_BATCH_AT_A_TIME))) {
			readings.stream(500, 250).get();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(60));
			double deadLetteredBefore = pipeline.count("telemetry.persistence.records.dead.lettered");
			double failedBefore = pipeline.count("telemetry.persistence.batches.failed");

			servers.faults().stall(Server.MONGODB);
			try {
				CompletableFuture<Void> duringStall = readings.stream(2000, 100);
				waitAtMost(HEALTH_TIMEOUT.plus(MARGIN).plus(MARGIN))
					.untilAsserted(() -> assertThat(Readiness.of(pipeline.persistence())).isEqualTo(503));

				long start = System.nanoTime();
				ResponseEntity<String> answer = ReadingsApi.latest(pipeline, readings.deviceId(0),
						Duration.ofSeconds(30));
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(answer.getStatusCode().value()).isEqualTo(503);
				assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
				assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				assertThat(answer.getBody()).contains("\"status\":503");
				assertThat(took).as("the API waits no longer than the operation timeout")
					.isLessThan(OPERATION_TIMEOUT.plus(MARGIN));

				// a failed attempt is one that ended within its bound instead of blocking
				// its consumer thread: three of them show that the consumers keep cycling
				waitAtMost(Duration.ofSeconds(20)).untilAsserted(
						() -> assertThat(pipeline.count("telemetry.persistence.batches.failed") - failedBefore)
							.isGreaterThanOrEqualTo(3));
				duringStall.get();
				assertThat(Readiness.of(pipeline.persistence())).as("still not ready at the end of the stall")
					.isEqualTo(503);
				assertThat(Readiness.of(pipeline.ingest())).as("ingest does not depend on MongoDB").isEqualTo(200);
			}
			finally {
				servers.faults().resume(Server.MONGODB);
			}

			waitAtMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(Readiness.of(pipeline.persistence())).isEqualTo(200));
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(60));
			assertThat(
					ReadingsApi.latest(pipeline, readings.deviceId(0), Duration.ofSeconds(10)).getStatusCode().value())
				.isEqualTo(200);
			assertThat(pipeline.count("telemetry.persistence.records.dead.lettered")).isEqualTo(deadLetteredBefore);
		}
		assertThat(KafkaRecords.read(servers.kafkaBootstrapServers(), PipelineNames.DEAD_LETTER_TOPIC,
				(record) -> record.key() != null && record.key().startsWith("mongo-stall-"), 0, Duration.ofSeconds(30)))
			.as("nothing of the scenario dead-lettered")
			.isEmpty();
	}

}
