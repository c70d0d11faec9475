package io.telemetrypipeline.endtoend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.parse.ParseResult;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.ingest.parse.ValidationLimits;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.simulator.DeviceSimulator;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * What the device simulator of the local run and docker compose sends is what
 * ingest-service accepts: every message it puts on a real SQS queue passes the service's
 * parser with the identity check the service applies by default (the simulated rule's
 * {@code clientId} is the device id), with the readings and origin the simulator means.
 * It runs here, not in ingest-service, so that neither module's build waits for the
 * other's.
 */
class DeviceSimulatorInputIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final String QUEUE = "device-simulator-input";

	@Test
	void acceptsEveryMessageTheSimulatorSends() {
		List<Message> received = new ArrayList<>();
		try (SqsClient sqs = servers.sqsClient()) {
			String url = sqs.createQueue((request) -> request.queueName(QUEUE)).queueUrl();
			try (DeviceSimulator simulator = new DeviceSimulator(sqs, QUEUE, 5, 500)) {
				simulator.start();
				waitAtMost(Duration.ofSeconds(30)).until(() -> simulator.sent() >= 200);
			}
			waitAtMost(Duration.ofSeconds(30)).until(() -> {
				received
					.addAll(sqs.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10)).messages());
				return received.size() >= 200;
			});
		}
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
