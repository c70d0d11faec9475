package io.telemetrypipeline.simulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.parse.ParseResult;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.ingest.parse.ValidationLimits;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.model.TelemetryEvent;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The simulator against a real SQS server (ElasticMQ): every message it sends is a valid
 * reading under the pipeline's contract, from the configured number of devices, with a
 * unique event id.
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
	void sendsValidReadingsFromEveryDevice() {
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
		// the identity ingest-service checks by default: the simulated rule's clientId is
		// the device id
		TelemetryParser parser = new TelemetryParser(ValidationLimits.defaults(), IdentityPolicy.clientId(),
				Clock.systemUTC());
		Set<String> eventIds = new HashSet<>();
		Set<String> devices = new HashSet<>();
		for (Message message : received) {
			ParseResult result = parser.parse(new InboundMessage(message.body(), message.messageId(), Instant.now()));
			assertThat(result).as(message.body()).isInstanceOf(ParseResult.Accepted.class);
			TelemetryEvent event = ((ParseResult.Accepted) result).event();
			assertThat(event.readings()).containsOnlyKeys("temperature", "humidity", "battery");
			assertThat(event.origin().topic()).isEqualTo("devices/" + event.deviceId() + "/telemetry");
			assertThat(event.origin().clientId()).isEqualTo(event.deviceId());
			eventIds.add(event.eventId());
			devices.add(event.deviceId());
		}
		assertThat(eventIds).hasSize(received.size());
		assertThat(devices).hasSize(5).allSatisfy((device) -> assertThat(device).matches("sim-00[0-4]"));
	}

}
