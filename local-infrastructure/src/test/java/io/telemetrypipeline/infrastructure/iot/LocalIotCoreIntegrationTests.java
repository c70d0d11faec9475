package io.telemetrypipeline.infrastructure.iot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Ports;
import io.telemetrypipeline.infrastructure.Server;
import io.telemetrypipeline.model.PipelineNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The local IoT Core stand-in against a real SQS server (ElasticMQ): what the broker lets
 * in, what the rule makes of a publish, where it sends what it cannot forward, and that a
 * device's publish is acknowledged only once SQS accepted it.
 */
class LocalIotCoreIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path directory;

	static PipelineInfrastructure servers;

	static LocalIotCore iotCore;

	@BeforeAll
	static void start() {
		servers = PipelineInfrastructure.embedded(InfrastructureSettings.forTests());
		iotCore = LocalIotCore.start(Ports.free(), directory, servers, PipelineNames.INGEST_QUEUE);
	}

	@AfterAll
	static void stop() {
		if (iotCore != null) {
			iotCore.close();
		}
		if (servers != null) {
			servers.close();
		}
	}

	@Test
	void forwardsAPublishWithTheIdentityOfTheConnectionNotOfThePayload() throws Exception {
		DeviceCredentials device = iotCore.registerDevice("rule-1");
		Mqtt3AsyncClient client = connected(device);
		long before = System.currentTimeMillis();
		publish(client, "devices/rule-1/telemetry",
				"{\"deviceId\":\"rule-1\",\"clientId\":\"forged\",\"topic\":\"devices/forged/telemetry\","
						+ "\"receivedAt\":1,\"timestamp\":1,\"readings\":{\"t\":1}}")
			.get(10, TimeUnit.SECONDS);
		client.disconnect().get(10, TimeUnit.SECONDS);

		List<JsonNode> forwarded = bodies(PipelineNames.INGEST_QUEUE, 1);
		assertThat(forwarded).hasSize(1);
		JsonNode message = forwarded.get(0);
		assertThat(message.get("clientId").asString()).isEqualTo("rule-1");
		assertThat(message.get("topic").asString()).isEqualTo("devices/rule-1/telemetry");
		assertThat(message.get("receivedAt").asLong()).isBetween(before, System.currentTimeMillis());
		assertThat(message.get("deviceId").asString()).isEqualTo("rule-1");
		assertThat(message.get("readings").get("t").asInt()).isEqualTo(1);
	}

	@Test
	void sendsAPayloadThatIsNotAJsonObjectToTheErrorQueue() throws Exception {
		DeviceCredentials device = iotCore.registerDevice("rule-2");
		Mqtt3AsyncClient client = connected(device);
		publish(client, "devices/rule-2/telemetry", "temperature=21.5").get(10, TimeUnit.SECONDS);
		client.disconnect().get(10, TimeUnit.SECONDS);

		List<JsonNode> errors = bodies(PipelineNames.RULE_ERROR_QUEUE, 1);
		assertThat(errors).hasSize(1);
		JsonNode error = errors.get(0);
		assertThat(error.get("ruleName").asString()).isEqualTo(RuleActions.RULE_NAME);
		assertThat(error.get("clientId").asString()).isEqualTo("rule-2");
		assertThat(error.get("topic").asString()).isEqualTo("devices/rule-2/telemetry");
		assertThat(new String(Base64.getDecoder().decode(error.get("base64OriginalPayload").asString()),
				StandardCharsets.UTF_8))
			.isEqualTo("temperature=21.5");
		assertThat(error.get("failures").get(0).get("failedResource").asString()).isEqualTo(PipelineNames.INGEST_QUEUE);
		assertThat(error.get("failures").get(0).get("errorMessage").asString()).contains("not valid JSON");
		assertThat(bodies(PipelineNames.INGEST_QUEUE, 0)).isEmpty();
	}

	@Test
	void acknowledgesNothingWhileSqsIsDownAndForwardsEachPublishOnceItIsBack() throws Exception {
		DeviceCredentials device = iotCore.registerDevice("rule-3");
		Mqtt3AsyncClient client = builder(device, device.thingName()).automaticReconnect()
			.initialDelay(100, TimeUnit.MILLISECONDS)
			.maxDelay(500, TimeUnit.MILLISECONDS)
			.applyAutomaticReconnect()
			.buildAsync();
		client.connectWith().cleanSession(false).send().get(10, TimeUnit.SECONDS);
		List<CompletableFuture<Mqtt3Publish>> sent = new ArrayList<>();
		servers.faults().stop(Server.SQS);
		try {
			for (int i = 0; i < 3; i++) {
				sent.add(publish(client, "devices/rule-3/telemetry",
						"{\"messageId\":\"m-%d\",\"timestamp\":1,\"readings\":{\"t\":%d}}".formatted(i, i)));
			}
			CompletableFuture<Void> all = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
			assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> all.get(8, TimeUnit.SECONDS));
			assertThat(sent).noneMatch(CompletableFuture::isDone);
		}
		finally {
			servers.faults().start(Server.SQS);
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		client.disconnect().get(10, TimeUnit.SECONDS);

		List<JsonNode> forwarded = bodies(PipelineNames.INGEST_QUEUE, 3);
		// at least once, as IoT Core's rules: a copy has the same messageId, so the same
		// event id
		assertThat(forwarded).extracting((body) -> body.get("messageId").asString())
			.containsOnly("m-0", "m-1", "m-2")
			.contains("m-0", "m-1", "m-2");
		assertThat(forwarded).allMatch((body) -> body.get("clientId").asString().equals("rule-3"));
	}

	@Test
	void refusesAClientWithoutACertificate() {
		DeviceCredentials device = iotCore.registerDevice("anonymous-1");
		Mqtt3AsyncClient client = Mqtt3Client.builder()
			.identifier(device.thingName())
			.serverHost("127.0.0.1")
			.serverPort(iotCore.port())
			.sslConfig(MqttClientSslConfig.builder().trustManagerFactory(device.trustManagerFactory()).build())
			.buildAsync();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS));
	}

	@Test
	void refusesACertificateOfAnotherAuthority(@TempDir Path elsewhere) {
		DeviceCredentials impostor = CertificateAuthority.create(elsewhere, "another CA").issueDevice("rule-1");
		DeviceCredentials trusting = new DeviceCredentials(impostor.thingName(), impostor.certificate(),
				impostor.privateKey(), iotCore.authority().certificatePath());
		Mqtt3AsyncClient client = builder(trusting, trusting.thingName()).buildAsync();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS));
	}

	@Test
	void refusesADeviceConnectingAsAnotherThing() {
		DeviceCredentials device = iotCore.registerDevice("rule-4");
		Mqtt3AsyncClient client = builder(device, "rule-1").buildAsync();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(Mqtt3ConnAckException.class,
					(refused) -> assertThat(refused.getMqttMessage().getReturnCode())
						.isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
	}

	@Test
	void refusesAPublishToAnotherDevicesTopicAndForwardsNothing() throws Exception {
		DeviceCredentials device = iotCore.registerDevice("rule-5");
		Mqtt3AsyncClient client = connected(device);
		CompletableFuture<Mqtt3Publish> intruding = publish(client, "devices/rule-1/telemetry",
				"{\"deviceId\":\"rule-1\",\"timestamp\":1,\"readings\":{\"t\":1}}");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> intruding.get(10, TimeUnit.SECONDS));
		waitAtMost(Duration.ofSeconds(10)).until(() -> !client.getState().isConnected());
		assertThat(bodies(PipelineNames.INGEST_QUEUE, 0)).isEmpty();
	}

	private static Mqtt3AsyncClient connected(DeviceCredentials device) throws Exception {
		Mqtt3AsyncClient client = builder(device, device.thingName()).buildAsync();
		client.connect().get(10, TimeUnit.SECONDS);
		return client;
	}

	private static Mqtt3ClientBuilder builder(DeviceCredentials device, String clientId) {
		return iotCore.deviceClient(device).identifier(clientId);
	}

	private static CompletableFuture<Mqtt3Publish> publish(Mqtt3AsyncClient client, String topic, String payload) {
		return client.publishWith()
			.topic(topic)
			.qos(MqttQos.AT_LEAST_ONCE)
			.payload(payload.getBytes(StandardCharsets.UTF_8))
			.send();
	}

	/**
	 * Receives and deletes what is on a queue: at least {@code expected} messages, and
	 * whatever else arrives within a second.
	 */
	private static List<JsonNode> bodies(String queue, int expected) {
		List<JsonNode> bodies = new ArrayList<>();
		try (SqsClient sqs = servers.sqsClient()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (true) {
				List<Message> messages = sqs
					.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
					.messages();
				for (Message message : messages) {
					bodies.add(JSON.readTree(message.body()));
					sqs.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
				}
				if (messages.isEmpty() && (bodies.size() >= expected || System.nanoTime() > deadline)) {
					return bodies;
				}
			}
		}
	}

}
