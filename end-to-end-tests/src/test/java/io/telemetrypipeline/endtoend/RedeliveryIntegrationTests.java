package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Fault scenario 1: SQS redelivers what Kafka stored late. Kafka acknowledges each record
 * only after 1.5 s of linger, past the batch deadline (1 s): every batch gives up, its
 * messages stay on the queue and come back after the visibility timeout (2 s), and are
 * published again, while Kafka does store the records of the attempt that gave up.
 * Devices also send some readings twice with the same message id. Each reading is stored
 * once.
 * <p>
 * Every attempt misses its deadline, so a message cycles until SQS moves it to the
 * dead-letter queue after {@code maxReceiveCount} receives: 4 on this scenario's queue,
 * not the usual 10. One batch per device (10 readings each) keeps that churn to a few
 * rounds per message group, all groups in parallel; a group whose readings and resends
 * came in several batches cycles once per batch, one after the other, which with 10
 * receives took up to 70 s after the last reading was stored.
 */
class RedeliveryIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final int DEVICES = 30;

	static final int RESENT = 100;

	static final int MAX_RECEIVE_COUNT = 4;

	@Test
	void storesEachReadingOnceWhenSqsRedeliversAndDevicesResend() throws Exception {
		ScenarioReadings readings = ScenarioReadings.onOwnQueue(servers, "redelivery", DEVICES, true,
				InfrastructureSettings.forTests().withMaxReceiveCount(MAX_RECEIVE_COUNT));
		Map<String, String> kafkaSlowerThanTheDeadline = readings.onQueue(Map.of("server.port", "0",
				"telemetry.ingest.listener.visibility-timeout", "2s", "telemetry.ingest.publish-timeout", "1s",
				"telemetry.ingest.listener.visibility-margin", "500ms",
				"telemetry.ingest.listener.max-concurrent-messages", "300",
				"spring.kafka.producer.properties.linger.ms", "1500", "spring.kafka.producer.properties.max.block.ms",
				"500", "spring.kafka.producer.properties.request.timeout.ms", "2000",
				"spring.kafka.producer.properties.delivery.timeout.ms", "5000"));
		try (LocalPipeline pipeline = LocalPipeline.start(servers, kafkaSlowerThanTheDeadline)) {
			readings.stream(DEVICES * 10, 300).get();
			readings.resend(RESENT).get();

			readings.awaitStoredExactlyOnce(Duration.ofSeconds(180));
			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(servers.messagesOn(readings.queue())).isZero());
			assertThat(pipeline.count("telemetry.ingest.messages.failed")).as("batches that missed their deadline")
				.isPositive();
			assertThat(pipeline.count("telemetry.ingest.messages.redelivered")).as("messages SQS handed out again")
				.isPositive();
			assertThat(pipeline.count("telemetry.persistence.records.duplicates")).isGreaterThanOrEqualTo(RESENT);
			// A message received maxReceiveCount times moves to the dead-letter
			// queue although its reading was stored (checked above): no attempt met
			// its deadline, so none deleted it.
			List<String> deadLettered = readings.drainDeadLetters();
			System.out.printf("redelivery scenario: %d messages dead-lettered after being stored%n",
					deadLettered.size());
		}
		readings.assertPerDeviceOrderInKafka();
	}

}
