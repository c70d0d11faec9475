package io.telemetrypipeline.endtoend;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Ports;
import io.telemetrypipeline.infrastructure.iot.DeviceCredentials;
import io.telemetrypipeline.infrastructure.iot.LocalIotCore;
import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.parse.ParseResult;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.ingest.parse.ValidationLimits;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.simulator.DeviceSimulator;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * What the device simulator of the local run and docker compose sends is what
 * ingest-service accepts: every message that reaches a real SQS queue, published over
 * MQTT by its devices with their certificates and forwarded by the local IoT rule, or
 * written straight into the queue as the rule would, passes the service's parser with the
 * identity check the service applies by default (the rule's {@code clientId} is the
 * device id), with the readings and origin the simulator means. It runs here, not in
 * ingest-service, so that neither module's build waits for the other's.
 */
class DeviceSimulatorInputIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final String QUEUE = "device-simulator-input";

	@Test
	void acceptsEveryMessageTheSimulatorSendsStraightToTheQueue() {
		try (SqsClient sqs = servers.sqsClient()) {
			sqs.createQueue((request) -> request.queueName(QUEUE));
			try (DeviceSimulator simulator = new DeviceSimulator(sqs, QUEUE, 5, 500)) {
				simulator.start();
				waitAtMost(Duration.ofSeconds(30)).until(() -> simulator.sent() >= 200);
			}
		}
		assertAcceptedByIngest(receive(QUEUE, 200));
	}

	@Test
	void acceptsEveryMessageTheSimulatorsDevicesPublishOverMqtt(@TempDir Path directory) {
		String queue = QUEUE + "-mqtt";
		try (SqsClient sqs = servers.sqsClient()) {
			sqs.createQueue((request) -> request.queueName(queue));
		}
		try (LocalIotCore iotCore = LocalIotCore.start(Ports.free(), directory, servers, queue)) {
			DeviceCredentials first = iotCore.registerDevice(DeviceSimulator.thingName(0));
			for (int device = 1; device < 5; device++) {
				iotCore.registerDevice(DeviceSimulator.thingName(device));
			}
			try (DeviceSimulator simulator = DeviceSimulator.overMqtt("127.0.0.1", iotCore.port(),
					first.certificate().getParent(), 5, 500)) {
				simulator.start();
				waitAtMost(Duration.ofSeconds(30)).until(() -> simulator.sent() >= 200);
			}
		}
		assertAcceptedByIngest(receive(queue, 200));
	}

	private static List<Message> receive(String queue, int count) {
		List<Message> received = new ArrayList<>();
		try (SqsClient sqs = servers.sqsClient()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
			waitAtMost(Duration.ofSeconds(30)).until(() -> {
				received
					.addAll(sqs.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10)).messages());
				return received.size() >= count;
			});
		}
		return received;
	}

	private static void assertAcceptedByIngest(List<Message> received) {
		TelemetryParser parser = new TelemetryParser(ValidationLimits.defaults(), IdentityPolicy.clientId(),
				Clock.systemUTC());
		Set<String> eventIds = new HashSet<>();
		for (Message message : received) {
			ParseResult result = parser.parse(new InboundMessage(message.body(), message.messageId(), Instant.now()));
			assertThat(result).as(message.body()).isInstanceOf(ParseResult.Accepted.class);
			TelemetryEvent event = ((ParseResult.Accepted) result).event();
			assertThat(event.readings()).containsOnlyKeys("temperature", "humidity", "battery");
			assertThat(event.origin().topic()).isEqualTo("devices/" + event.deviceId() + "/telemetry");
			assertThat(event.origin().clientId()).isEqualTo(event.deviceId());
			eventIds.add(event.eventId());
		}
		assertThat(eventIds).hasSize(received.size());
	}

}
