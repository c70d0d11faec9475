package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenario 1: SQS redelivers. The visibility timeout (1 s) expires before ingest
 * finishes a batch (Kafka acknowledges only after 1.5 s of linger), so SQS hands the same
 * messages out again while they are in flight; and devices send some readings twice with
 * the same message id. Each reading is stored once.
 * <p>
 * Every attempt outlives the visibility timeout, so a message cycles until a delete wins
 * the race or SQS moves it to the dead-letter queue after {@code maxReceiveCount}
 * receives. One batch per device (10 readings each) keeps that churn to a few rounds per
 * message group, all groups in parallel.
 */
class RedeliveryIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final String QUEUE = "telemetry-ingest.fifo";

	static final String QUEUE_DLQ = "telemetry-ingest-dlq.fifo";

	static final int DEVICES = 30;

	static final int RESENT = 100;

	@Test
	void storesEachReadingOnceWhenSqsRedeliversAndDevicesResend() throws Exception {
		ScenarioReadings readings = new ScenarioReadings(servers, "redelivery", DEVICES, QUEUE);
		Map<String, String> slowerThanVisibility = Map.of("server.port", "0", "telemetry.ingest.queue", QUEUE,
				"telemetry.ingest.listener.visibility-timeout", "1s",
				"telemetry.ingest.listener.max-concurrent-messages", "300",
				"spring.kafka.producer.properties.linger.ms", "1500");
		try (LocalPipeline pipeline = LocalPipeline.start(servers, slowerThanVisibility)) {
			readings.stream(DEVICES * 10, 300).get();
			readings.resend(RESENT).get();

			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
			waitAtMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(servers.messagesOn(QUEUE)).isZero());
			assertThat(pipeline.count("telemetry.ingest.messages.redelivered")).as("visibility expired in flight")
				.isPositive();
			assertThat(pipeline.count("telemetry.persistence.records.duplicates")).isGreaterThanOrEqualTo(RESENT);
			// A message received maxReceiveCount times moves to the dead-letter
			// queue although its reading was stored (checked above): a delete with
			// the receipt handle of an earlier delivery may not remove it.
			List<String> deadLettered = readings.drainDeadLetters(QUEUE_DLQ);
			System.out.printf("redelivery scenario: %d messages dead-lettered after being stored%n",
					deadLettered.size());
		}
		readings.assertPerDeviceOrderInKafka();
	}

}
