package io.telemetrypipeline.endtoend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.model.PipelineNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded servers as started for tests: free ports, the queues and topics created,
 * the Kafka broker restarted after a crash with its records, the MongoDB wire server
 * answering Spring Boot's health check. They are local-infrastructure's, checked here
 * beside the scenarios that run on them, so that the services' builds need not wait for a
 * broker crash and restart; the fault seam is checked on whichever path the tests run by
 * {@link InfrastructureFaultsIntegrationTests}.
 */
class EmbeddedInfrastructureIntegrationTests {

	static PipelineInfrastructure servers;

	@BeforeAll
	static void startServers() {
		servers = PipelineInfrastructure.embedded(InfrastructureSettings.forTests());
	}

	@AfterAll
	static void stopServers() {
		servers.close();
	}

	@Test
	void kafkaBrokerKeepsItsRecordsAcrossACrash() throws Exception {
		String key = UUID.randomUUID().toString();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			producer
				.send(new ProducerRecord<>(PipelineNames.REJECTED_TOPIC, key,
						"before".getBytes(StandardCharsets.UTF_8)))
				.get();
		}

		servers.faults().killKafkaBroker(1);
		servers.faults().startKafkaBroker(1);

		List<ConsumerRecord<String, byte[]>> records = KafkaRecords.read(servers.kafkaBootstrapServers(),
				PipelineNames.REJECTED_TOPIC, (record) -> key.equals(record.key()), 1, Duration.ofSeconds(30));
		assertThat(records).singleElement()
			.satisfies((record) -> assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("before"));
	}

	@Test
	void queueMovesAMessageToItsDeadLetterQueueAfterMaxReceiveCount() {
		try (SqsClient sqs = servers.sqsClient()) {
			String queue = sqs.getQueueUrl((request) -> request.queueName(PipelineNames.INGEST_QUEUE)).queueUrl();
			String dlq = sqs.getQueueUrl((request) -> request.queueName(PipelineNames.INGEST_DEAD_LETTER_QUEUE))
				.queueUrl();
			String body = "poison-" + UUID.randomUUID();
			sqs.sendMessage((request) -> request.queueUrl(queue).messageBody(body));
			int receives = 0;
			for (int attempt = 0; attempt < 20; attempt++) {
				List<Message> messages = sqs
					.receiveMessage((request) -> request.queueUrl(queue).maxNumberOfMessages(10).visibilityTimeout(0))
					.messages();
				receives += (int) messages.stream().filter((message) -> message.body().equals(body)).count();
			}
			List<Message> deadLettered = sqs
				.receiveMessage((request) -> request.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1))
				.messages();

			assertThat(receives).isEqualTo(10);
			assertThat(deadLettered).extracting(Message::body).containsExactly(body);
			sqs.deleteMessage((request) -> request.queueUrl(dlq).receiptHandle(deadLettered.get(0).receiptHandle()));
		}
	}

	@Test
	void mongoServerAnswersHelloAsAWritablePrimary() {
		try (MongoClient client = MongoClients.create(servers.mongoUri())) {
			Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));

			assertThat(hello.get("ok", Number.class).intValue()).isEqualTo(1);
			assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
		}
	}

	@Test
	void createsTheQueuesAlsoAsFifoQueues() {
		try (SqsClient sqs = servers.sqsClient()) {
			assertThat(sqs.listQueues().queueUrls())
				.anySatisfy((url) -> assertThat(url).endsWith("/telemetry-ingest.fifo"))
				.anySatisfy((url) -> assertThat(url).endsWith("/telemetry-ingest-dlq.fifo"));
		}
	}

	@Test
	void createsTheTopicsWithTheirPartitions() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
			var topics = admin
				.describeTopics(List.of(PipelineNames.EVENTS_TOPIC, PipelineNames.DEAD_LETTER_TOPIC,
						PipelineNames.REJECTED_TOPIC))
				.allTopicNames()
				.get();
			assertThat(topics).allSatisfy((name, description) -> assertThat(description.partitions()).hasSize(6));
		}
	}

}
