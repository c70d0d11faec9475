package io.telemetrypipeline.simulator;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.telemetrypipeline.model.PipelineNames;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The simulator against a real SQS server (ElasticMQ): every message it sends is a
 * reading as an AWS IoT rule delivers it (device id, message id, timestamp, numeric
 * readings, the MQTT topic and client id), from the configured number of devices, each
 * message id once per device. That ingest-service accepts every such message is checked
 * in end-to-end-tests ({@code DeviceSimulatorInputIntegrationTests}).
 */
class DeviceSimulatorIntegrationTests {

	static SQSRestServer server;

	static SqsClient sqs;

	@BeforeAll
	static void startSqs() {
		server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
		int port = server.waitUntilStarted().localAddress().getPort();
		sqs = SqsClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
		sqs.createQueue((request) -> request.queueName(PipelineNames.INGEST_QUEUE));
	}

	@AfterAll
	static void stopSqs() {
		sqs.close();
		server.stopAndWait();
	}

	@Test
	void sendsWellFormedReadingsFromEveryDevice() throws Exception {
		Instant started = Instant.now();
		String url = sqs.getQueueUrl((request) -> request.queueName(PipelineNames.INGEST_QUEUE)).queueUrl();
		List<Message> received = new ArrayList<>();
		try (DeviceSimulator simulator = new DeviceSimulator(sqs, PipelineNames.INGEST_QUEUE, 5, 500)) {
			simulator.start();
			waitAtMost(Duration.ofSeconds(30)).until(() -> simulator.sent() >= 200);
		}
		waitAtMost(Duration.ofSeconds(30)).until(() -> {
			received.addAll(sqs.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10)).messages());
			return received.size() >= 200;
		});
		ObjectMapper json = new ObjectMapper();
		Set<String> messageIds = new HashSet<>();
		Set<String> devices = new HashSet<>();
		for (Message message : received) {
			JsonNode reading = json.readTree(message.body());
			String device = reading.get("deviceId").asText();
			assertThat(reading.get("readings").propertyNames()).containsExactlyInAnyOrder("temperature", "humidity",
					"battery");
			assertThat(reading.get("readings").properties())
				.allSatisfy((entry) -> assertThat(entry.getValue().isNumber()).as(message.body()).isTrue());
			assertThat(Instant.ofEpochMilli(reading.get("timestamp").asLong())).isBetween(started, Instant.now());
			// the AWS IoT rule's origin: ingest-service checks by default that clientId
			// is the device id
			assertThat(reading.get("topic").asText()).isEqualTo("devices/" + device + "/telemetry");
			assertThat(reading.get("clientId").asText()).isEqualTo(device);
			messageIds.add(device + "/" + reading.get("messageId").asText());
			devices.add(device);
		}
		assertThat(messageIds).hasSize(received.size());
		assertThat(devices).hasSize(5).allSatisfy((device) -> assertThat(device).matches("sim-00[0-4]"));
	}

}
