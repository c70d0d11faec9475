package io.telemetrypipeline.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Server;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * A batch that stays in flight longer than the queue's own visibility timeout extends its
 * messages' visibility, so SQS does not hand them out again meanwhile: against ElasticMQ,
 * with a queue whose visibility timeout (2 s) is shorter than the batch deadline (6 s)
 * and Kafka stalled for longer than that while the batch waits.
 */
@SpringBootTest(classes = IngestServiceApplication.class,
		properties = { "server.port=0", "management.server.port=0", "telemetry.ingest.publish-timeout=6s",
				"telemetry.ingest.listener.visibility-margin=1s", "spring.kafka.producer.properties.max.block.ms=2000",
				// closed at the JVM's exit, which waits for the polls in flight
				"telemetry.ingest.listener.poll-timeout=1s" })
class VisibilityExtensionIntegrationTests {

	static final PipelineInfrastructure infrastructure = SharedInfrastructure.get();

	static final String QUEUE = "telemetry-ingest-short-visibility";

	static final Duration QUEUE_VISIBILITY = Duration.ofSeconds(2);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		infrastructure.springProperties().forEach((key, value) -> registry.add(key, () -> value));
		try (SqsClient sqs = infrastructure.sqsClient()) {
			sqs.createQueue((request) -> request.queueName(QUEUE)
				.attributes(
						Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(QUEUE_VISIBILITY.toSeconds()))));
		}
		registry.add("telemetry.ingest.queue", () -> QUEUE);
	}

	@Autowired
	MeterRegistry registry;

	@Test
	void extendsTheVisibilityOfABatchInFlightLongerThanTheQueuesVisibilityTimeout() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		send(List.of(reading(run, 0)));
		waitAtMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(infrastructure.messagesOn(QUEUE)).isZero());
		double receivedBefore = counter("telemetry.ingest.messages.received");

		infrastructure.faults().stall(Server.KAFKA);
		try {
			Instant sent = Instant.now();
			send(IntStream.rangeClosed(1, 5).mapToObj((i) -> reading(run, i)).toList());
			waitAtMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(counter("telemetry.ingest.visibility.extended")).isEqualTo(5));
			waitAtMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
				.until(() -> Duration.between(sent, Instant.now()).compareTo(QUEUE_VISIBILITY.multipliedBy(2)) > 0);
			assertThat(infrastructure.messagesOn(QUEUE)).as("still in flight, past the queue's visibility timeout")
				.isEqualTo(5);
		}
		finally {
			infrastructure.faults().resume(Server.KAFKA);
		}

		waitAtMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(infrastructure.messagesOn(QUEUE)).isZero());
		assertThat(counter("telemetry.ingest.messages.received") - receivedBefore).as("each received once")
			.isEqualTo(5);
		assertThat(counter("telemetry.ingest.messages.redelivered")).isZero();
		List<ConsumerRecord<String, byte[]>> records = KafkaRecords.read(infrastructure.kafkaBootstrapServers(),
				PipelineNames.EVENTS_TOPIC, (record) -> record.key().startsWith("extend-" + run), 6,
				Duration.ofSeconds(20));
		assertThat(records).hasSize(6);
	}

	private double counter(String name) {
		return this.registry.find(name).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	private static String reading(String run, int i) {
		return "{\"deviceId\":\"extend-%s\",\"clientId\":\"extend-%1$s\",\"messageId\":\"m%d\",\"timestamp\":%d,\"readings\":{\"t\":1.5}}"
			.formatted(run, i, 1_764_000_000_000L + i);
	}

	private static void send(List<String> bodies) {
		try (SqsClient sqs = infrastructure.sqsClient()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(QUEUE)).queueUrl();
			List<SendMessageBatchRequestEntry> entries = IntStream.range(0, bodies.size())
				.mapToObj((n) -> SendMessageBatchRequestEntry.builder().id("m" + n).messageBody(bodies.get(n)).build())
				.toList();
			assertThat(sqs.sendMessageBatch((request) -> request.queueUrl(url).entries(entries)).failed()).isEmpty();
		}
	}

}
