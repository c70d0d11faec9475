package io.telemetrypipeline.endtoend;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.telemetrypipeline.infrastructure.Faults;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Server;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The fault seam on whichever path the tests run (embedded servers here, containers where
 * Docker exists): for each server, a stopped one fails a client fast and comes back at
 * the same address with what it stored; a stalled one keeps connections open and lets a
 * request time out, and answers the same client again once resumed. These are
 * test-infrastructure's checks, run here on the scenarios' shared servers (every fault is
 * undone before a test ends), so that the services' builds need not wait for them.
 */
class InfrastructureFaultsIntegrationTests {

	/** The clients' request timeout: long enough for a healthy server here. */
	static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final Faults faults = servers.faults();

	@ParameterizedTest
	@EnumSource(Server.class)
	void stoppedServerFailsAClientFastAndComesBackAtTheSameAddressWithItsData(Server server) throws Exception {
		try (Probe probe = Probe.of(server)) {
			assertThat(probe.request()).contains(probe.stored());
			URI address = probe.address();

			faults.stop(server);
			try {
				assertFailsWithin(Duration.ofSeconds(10), probe::request);
			}
			finally {
				faults.start(server);
			}

			assertThat(probe.address()).isEqualTo(address);
			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(probe.request()).contains(probe.stored()));
		}
	}

	@ParameterizedTest
	@EnumSource(Server.class)
	void stalledServerKeepsConnectionsOpenTimesARequestOutAndAnswersTheSameClientAfterResume(Server server)
			throws Exception {
		try (Probe probe = Probe.of(server); Socket connection = connect(probe.address())) {
			assertThat(probe.request()).contains(probe.stored());

			faults.stall(server);
			try {
				long started = System.nanoTime();
				assertThatException().isThrownBy(probe::request)
					.satisfies((ex) -> assertThat(causes(ex))
						.anyMatch((cause) -> cause.getSimpleName().contains("Timeout")));
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the client's timeout")
					.isGreaterThanOrEqualTo(CLIENT_TIMEOUT.dividedBy(2));
				connection.setSoTimeout(500);
				assertThatExceptionOfType(SocketTimeoutException.class).as("the connection is still open")
					.isThrownBy(() -> connection.getInputStream().read());
				try (Socket during = connect(probe.address())) {
					assertThat(during.isConnected()).as("a new connection is accepted").isTrue();
				}
			}
			finally {
				faults.resume(server);
			}

			waitAtMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(probe.request()).contains(probe.stored()));
		}
	}

	private static void assertFailsWithin(Duration limit, ThrowingCallable request) {
		long started = System.nanoTime();
		assertThatException().isThrownBy(request);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(limit);
	}

	private static List<Class<?>> causes(Throwable ex) {
		List<Class<?>> causes = new ArrayList<>();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			causes.add(cause.getClass());
		}
		return causes;
	}

	private static Socket connect(URI address) throws IOException {
		return new Socket(address.getHost(), address.getPort());
	}

	/**
	 * A client of one server with short timeouts: {@link #request()} returns what the
	 * server holds, and {@link #stored()} is what it held before any fault.
	 */
	private interface Probe extends AutoCloseable {

		List<String> request() throws Exception;

		String stored();

		URI address();

		@Override
		void close();

		static Probe of(Server server) {
			return switch (server) {
				case KAFKA -> new KafkaProbe();
				case SQS -> new SqsProbe();
				case MONGODB -> new MongoProbe();
			};
		}

	}

	/** Lists the topics; {@code telemetry.events} was created at start. */
	private static final class KafkaProbe implements Probe {

		private final Admin admin;

		KafkaProbe() {
			Map<String, Object> config = new HashMap<>(servers.kafkaAdminConfig());
			config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
			config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis() + 1000);
			config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
			this.admin = Admin.create(config);
		}

		@Override
		public List<String> request() throws Exception {
			return List.copyOf(this.admin.listTopics().names().get(30, TimeUnit.SECONDS));
		}

		@Override
		public String stored() {
			return PipelineNames.EVENTS_TOPIC;
		}

		@Override
		public URI address() {
			return URI.create("kafka://" + servers.kafkaBootstrapServers());
		}

		@Override
		public void close() {
			this.admin.close(Duration.ofSeconds(5));
		}

	}

	/** Lists the queues; {@code telemetry-ingest} was created at start. */
	private static final class SqsProbe implements Probe {

		private final SqsClient sqs = servers.sqsClientBuilder()
			.overrideConfiguration((client) -> client.retryStrategy(AwsRetryStrategy.doNotRetry())
				.apiCallAttemptTimeout(CLIENT_TIMEOUT)
				.apiCallTimeout(CLIENT_TIMEOUT.plusSeconds(1)))
			.build();

		@Override
		public List<String> request() {
			return this.sqs.listQueues()
				.queueUrls()
				.stream()
				.map((url) -> url.substring(url.lastIndexOf('/') + 1))
				.toList();
		}

		@Override
		public String stored() {
			return PipelineNames.INGEST_QUEUE;
		}

		@Override
		public URI address() {
			return servers.sqsEndpoint();
		}

		@Override
		public void close() {
			this.sqs.close();
		}

	}

	/** Lists the ids of a collection into which it inserted one document at first. */
	private static final class MongoProbe implements Probe {

		private final String id = "kept-" + UUID.randomUUID();

		private final MongoClient client;

		private final MongoCollection<Document> collection;

		MongoProbe() {
			this.client = MongoClients.create(MongoClientSettings.builder()
				.applyConnectionString(new ConnectionString(servers.mongoUri()))
				.applyToClusterSettings(
						(cluster) -> cluster.serverSelectionTimeout(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.applyToSocketSettings((socket) -> socket.connectTimeout(2, TimeUnit.SECONDS)
					.readTimeout((int) CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.build());
			this.collection = this.client.getDatabase("faults").getCollection("probe");
			this.collection.insertOne(new Document("_id", this.id));
		}

		@Override
		public List<String> request() {
			return this.collection.find().map((document) -> document.getString("_id")).into(new ArrayList<>());
		}

		@Override
		public String stored() {
			return this.id;
		}

		@Override
		public URI address() {
			return URI.create(servers.mongoUri());
		}

		@Override
		public void close() {
			this.client.close();
		}

	}

}
