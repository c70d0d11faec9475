package io.telemetrypipeline.endtoend;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.telemetrypipeline.autoconfigure.kafka.KafkaTopicsHealthIndicator;
import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.KafkaRecords;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.KafkaAcls;
import io.telemetrypipeline.testinfrastructure.TestInfrastructure;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The pipeline against a Kafka broker that enforces authentication and authorization:
 * {@code SASL_SSL} only (host name verified), a SCRAM-SHA-512 user per service, and the
 * {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}, granted
 * exactly the ACLs of {@code deploy/kafka/acls.txt}. Each service runs as its own
 * principal with topic creation off. One broker for the whole class, always the embedded
 * one: the Kafka container has no SCRAM users or TLS (see {@link TestInfrastructure}).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuredKafkaIntegrationTests {

	static final String INGEST = "ingest-service";

	static final String PERSISTENCE = "persistence-service";

	static final String QUEUE = PipelineNames.INGEST_QUEUE;

	static final List<AclBinding> ACLS = KafkaAcls.read(Path.of("..", "deploy", "kafka", "acls.txt"));

	static PipelineInfrastructure servers;

	@BeforeAll
	static void startSecuredServers() {
		servers = TestInfrastructure.start(InfrastructureSettings.forTests().withSecuredKafka(INGEST, PERSISTENCE));
	}

	@AfterAll
	static void stopServers() {
		if (servers != null) {
			servers.close();
		}
	}

	@BeforeEach
	void grantEveryAclOfTheFile() {
		asAdmin((admin) -> KafkaAcls.grant(admin, ACLS));
	}

	@Test
	void storesEveryReadingExactlyOnceWithEachServiceAsItsOwnPrincipal() throws Exception {
		ScenarioReadings readings = new ScenarioReadings(servers, "secured", 6, QUEUE);
		Map<String, String> invalid = invalidBodies("secured");
		try (LocalPipeline pipeline = startPipeline(Map.of())) {
			assertConnectsAs(pipeline.ingest(), ProducerFactory.class, INGEST);
			assertConnectsAs(pipeline.persistence(), ConsumerFactory.class, PERSISTENCE);
			assertConnectsAs(pipeline.persistence(), ProducerFactory.class, PERSISTENCE);

			readings.stream(300, 300).get();
			send(invalid.keySet());
			producePoisonRecord("secured-poison");

			readings.awaitStoredExactlyOnce(Duration.ofSeconds(90));
			assertRejectedWithReasons(invalid);
			assertThat(deadLetters("secured-poison", Duration.ofSeconds(30))).hasSize(1);
			waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(servers.messagesOn(QUEUE)).isZero());
			assertThat(servers.messagesOn(QUEUE + "-dlq")).isZero();
			assertThat(Readiness.of(pipeline.ingest())).isEqualTo(200);
			assertThat(Readiness.of(pipeline.persistence())).isEqualTo(200);
		}
	}

	@Test
	void refusesPlaintextUnauthenticatedUntrustedAndUnauthorizedClients() throws Exception {
		Map<String, Object> plaintext = new HashMap<>(
				Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()));
		assertRefused(plaintext, TimeoutException.class);

		Map<String, Object> wrongPassword = servers.kafkaClientConfig(INGEST);
		wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG, login(INGEST, "not-the-password"));
		assertRefused(wrongPassword, SaslAuthenticationException.class);

		Map<String, Object> unknownUser = servers.kafkaClientConfig(INGEST);
		unknownUser.put(SaslConfigs.SASL_JAAS_CONFIG, login("intruder", "any"));
		assertRefused(unknownUser, SaslAuthenticationException.class);

		Map<String, Object> untrusting = servers.kafkaClientConfig(INGEST);
		untrusting.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
		untrusting.remove(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
		assertRefused(untrusting, SslAuthenticationException.class);

		Map<String, Object> otherHostName = servers.kafkaClientConfig(INGEST);
		otherHostName.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
				servers.kafkaBootstrapServers().replace("127.0.0.1", "localhost"));
		assertRefused(otherHostName, SslAuthenticationException.class);

		try (Admin ingest = Admin.create(withTimeouts(servers.kafkaClientConfig(INGEST)))) {
			assertThat(ingest.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
			assertThat(ingest.createTopics(List.of(new NewTopic("sasl-not-allowed", 1, (short) 1))).all())
				.failsWithin(Duration.ofSeconds(30))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(TopicAuthorizationException.class);
		}
		Map<String, Object> persistence = servers.kafkaClientConfig(PERSISTENCE);
		persistence.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(persistence, new StringSerializer(),
				new ByteArraySerializer())) {
			assertThat(
					producer.send(new ProducerRecord<>(PipelineNames.EVENTS_TOPIC, "sasl-forged", new byte[] { '{' })))
				.failsWithin(Duration.ofSeconds(30))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void persistenceWithoutWriteOnTheDeadLetterTopicStaysReadyNamesItAndLosesNothing(CapturedOutput output)
			throws Exception {
		AclBinding missing = acl(PERSISTENCE, AclOperation.WRITE, PipelineNames.DEAD_LETTER_TOPIC);
		asAdmin((admin) -> KafkaAcls.revoke(admin, List.of(missing)));
		ScenarioReadings readings = new ScenarioReadings(servers, "acl-dlt", 4, QUEUE);
		try (LocalPipeline pipeline = startPipeline(Map.of())) {
			waitAtMost(Duration.ofSeconds(30)).untilAsserted(
					() -> assertKafkaCheckNames(pipeline.persistence(), "WRITE on topic telemetry.events.dlt", output));
			assertThat(Readiness.of(pipeline.persistence())).as("the readings API needs MongoDB, not Kafka")
				.isEqualTo(200);
			assertThat(Readiness.of(pipeline.ingest())).isEqualTo(200);

			producePoisonRecord("acl-dlt-poison");
			readings.stream(100, 200).get();
			waitAtMost(Duration.ofSeconds(60))
				.until(() -> output.getAll().contains("Dead-letter publication to telemetry.events.dlt failed"));
			assertThat(deadLetters("acl-dlt-poison", Duration.ofSeconds(2))).isEmpty();

			asAdmin((admin) -> KafkaAcls.grant(admin, List.of(missing)));
			waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
					pipeline.persistence().getBean(KafkaTopicsHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP));
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(90));
			assertThat(deadLetters("acl-dlt-poison", Duration.ofSeconds(30))).hasSize(1);
			assertThat(output.getAll()).contains("Kafka now grants every permission this service needs");
		}
	}

	@Test
	void ingestWithoutWriteOnTheRejectedTopicIsNotReadyNamesItAndLosesNothing(CapturedOutput output) throws Exception {
		AclBinding missing = acl(INGEST, AclOperation.WRITE, PipelineNames.REJECTED_TOPIC);
		asAdmin((admin) -> KafkaAcls.revoke(admin, List.of(missing)));
		ScenarioReadings readings = new ScenarioReadings(servers, "acl-rejected", 4, QUEUE);
		Map<String, String> invalid = invalidBodies("acl-rejected");
		// invalid messages come back soon after each failed attempt, and stay far from
		// the queue's maxReceiveCount (10) until the ACL is granted
		try (LocalPipeline pipeline = startPipeline(Map.of("telemetry.ingest.listener.visibility-timeout", "10s",
				"telemetry.ingest.publish-timeout", "8s", "telemetry.ingest.listener.visibility-margin", "1s"))) {
			assertNotReadyFor(pipeline.ingest(), "WRITE on topic telemetry.rejected", output);
			assertThat(Readiness.of(pipeline.persistence())).isEqualTo(200);

			send(invalid.keySet());
			readings.stream(100, 200).get();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(60));
			waitAtMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(pipeline.count("telemetry.ingest.messages.failed"))
					.isGreaterThanOrEqualTo(invalid.size()));
			assertThat(servers.messagesOn(QUEUE)).as("invalid messages kept on the queue").isPositive();

			asAdmin((admin) -> KafkaAcls.grant(admin, List.of(missing)));
			waitAtMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(Readiness.of(pipeline.ingest())).isEqualTo(200));
			assertRejectedWithReasons(invalid);
			waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(servers.messagesOn(QUEUE)).isZero());
			assertThat(servers.messagesOn(QUEUE + "-dlq")).isZero();
			readings.awaitStoredExactlyOnce(Duration.ofSeconds(10));
		}
	}

	/** Both services, each as its own Kafka user, with topic creation off. */
	private static LocalPipeline startPipeline(Map<String, String> ingestExtras) {
		Map<String, String> ingest = serviceProperties(INGEST);
		ingest.putAll(ingestExtras);
		return LocalPipeline.start(servers, serviceProperties(PERSISTENCE), ingest);
	}

	private static Map<String, String> serviceProperties(String user) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("telemetry.topics.create", "false");
		properties.putAll(servers.kafkaSpringProperties(user));
		return properties;
	}

	private static void assertConnectsAs(ConfigurableApplicationContext service, Class<?> factoryType, String user) {
		Map<String, Object> config = (factoryType == ProducerFactory.class)
				? service.getBean(ProducerFactory.class).getConfigurationProperties()
				: service.getBean(ConsumerFactory.class).getConfigurationProperties();
		assertThat(config).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
			.containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
		assertThat((String) config.get(SaslConfigs.SASL_JAAS_CONFIG)).contains("username=\"" + user + "\"");
	}

	private static void assertNotReadyFor(ConfigurableApplicationContext service, String permission,
			CapturedOutput output) {
		waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Readiness.of(service)).isEqualTo(503));
		assertKafkaCheckNames(service, permission, output);
	}

	private static void assertKafkaCheckNames(ConfigurableApplicationContext service, String permission,
			CapturedOutput output) {
		Health health = service.getBean(KafkaTopicsHealthIndicator.class).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("missingPermissions", List.of(permission));
		assertThat(output.getAll()).contains("Kafka denies this service " + permission + ": grant it with an ACL");
	}

	private static void assertRefused(Map<String, Object> config, Class<? extends Throwable> expected) {
		try (Admin admin = Admin.create(withTimeouts(config))) {
			assertThat(admin.describeCluster().nodes()).failsWithin(Duration.ofSeconds(30))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(expected);
		}
	}

	private static Map<String, Object> withTimeouts(Map<String, Object> config) {
		Map<String, Object> bounded = new HashMap<>(config);
		bounded.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
		bounded.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
		return bounded;
	}

	private static String login(String user, String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
			.formatted(user, password);
	}

	private static AclBinding acl(String user, AclOperation operation, String topic) {
		return ACLS.stream()
			.filter((acl) -> acl.entry().principal().equals("User:" + user) && acl.entry().operation() == operation
					&& acl.pattern().name().equals(topic))
			.findFirst()
			.orElseThrow(() -> new AssertionError("acls.txt grants no " + operation + " on " + topic + " to " + user));
	}

	private static void asAdmin(Consumer<Admin> action) {
		try (Admin admin = Admin.create(servers.kafkaAdminConfig())) {
			action.accept(admin);
		}
	}

	/** A record on the events topic that is not an event: persistence dead-letters it. */
	private static void producePoisonRecord(String key) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(servers.kafkaAdminConfig(),
				new StringSerializer(), new ByteArraySerializer())) {
			producer
				.send(new ProducerRecord<>(PipelineNames.EVENTS_TOPIC, key,
						"not an event".getBytes(StandardCharsets.UTF_8)))
				.get(30, TimeUnit.SECONDS);
		}
	}

	private static List<ConsumerRecord<String, byte[]>> deadLetters(String key, Duration timeout) {
		return KafkaRecords.read(servers.kafkaAdminConfig(), PipelineNames.DEAD_LETTER_TOPIC,
				(record) -> key.equals(record.key()), 1, timeout);
	}

	private static void assertRejectedWithReasons(Map<String, String> invalid) {
		List<ConsumerRecord<String, byte[]>> rejected = KafkaRecords.read(servers.kafkaAdminConfig(),
				PipelineNames.REJECTED_TOPIC,
				(record) -> invalid.containsKey(new String(record.value(), StandardCharsets.UTF_8)), invalid.size(),
				Duration.ofSeconds(60));
		assertThat(rejected).hasSize(invalid.size());
		assertThat(rejected.stream()
			.collect(Collectors.toMap((record) -> new String(record.value(), StandardCharsets.UTF_8),
					(record) -> new String(record.headers().lastHeader("telemetry-rejection-reason").value(),
							StandardCharsets.UTF_8))))
			.isEqualTo(invalid);
	}

	private static Map<String, String> invalidBodies(String prefix) {
		Map<String, String> invalid = new LinkedHashMap<>();
		for (int i = 0; i < 5; i++) {
			// without a timestamp, though sent by the device it claims to be
			// (the identity the IoT rule adds)
			invalid.put("{\"deviceId\":\"%1$s-bad-%2$d\",\"readings\":{\"t\":%2$d},\"clientId\":\"%1$s-bad-%2$d\"}"
				.formatted(prefix, i), "missing-field");
		}
		return invalid;
	}

	private static void send(Iterable<String> bodies) {
		try (SqsClient sqs = servers.sqsClient()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(QUEUE)).queueUrl();
			bodies.forEach((body) -> sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)));
		}
	}

}
