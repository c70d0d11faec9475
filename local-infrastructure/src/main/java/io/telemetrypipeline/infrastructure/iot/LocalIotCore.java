package io.telemetrypipeline.infrastructure.iot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.model.PipelineNames;
import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A local stand-in for AWS IoT Core: an MQTT broker (HiveMQ Community Edition, in this
 * JVM) on 127.0.0.1 that accepts only TLS connections with a client certificate of its
 * own {@link CertificateAuthority}, binds each connection to the thing its certificate
 * names ({@link DeviceAuthenticator}), and applies the IoT rule to what devices publish
 * ({@link TelemetryRule}): to the ingest queue, or the error queue
 * ({@link PipelineNames#RULE_ERROR_QUEUE}), before the device's publish is acknowledged.
 * Its authority, the broker's key stores and every device's certificate and key are made
 * at start in the directory given; nothing is reused from an earlier run.
 */
@Slf4j
public final class LocalIotCore implements AutoCloseable {

	/** The port of AWS IoT Core's MQTT over TLS, which the local run listens on. */
	public static final int MQTTS_PORT = 8883;

	/** How long the rule may take to forward one message before the broker refuses it. */
	static final Duration RULE_TIMEOUT = Duration.ofSeconds(10);

	/** AWS IoT Core's largest MQTT payload: 128 KiB. */
	static final int MAX_PACKET_SIZE = 128 * 1024 + 512;

	private final EmbeddedHiveMQ broker;

	private final CertificateAuthority authority;

	private final SqsClient sqs;

	private final TelemetryRule rule;

	private final int port;

	private LocalIotCore(EmbeddedHiveMQ broker, CertificateAuthority authority, SqsClient sqs, TelemetryRule rule,
			int port) {
		this.broker = broker;
		this.authority = authority;
		this.sqs = sqs;
		this.rule = rule;
		this.port = port;
	}

	/**
	 * Starts the broker and its rule, forwarding to {@code queue} on the servers' SQS.
	 * @param port the port to listen on, e.g. {@link #MQTTS_PORT}
	 * @param directory where the certificates, the broker's configuration and its data go
	 * @param servers whose SQS the rule forwards to; the queue and
	 * {@link PipelineNames#RULE_ERROR_QUEUE} must exist
	 * @param queue the ingest queue, standard or FIFO
	 * @return the running broker
	 */
	public static LocalIotCore start(int port, Path directory, PipelineInfrastructure servers, String queue) {
		Instant started = Instant.now();
		CertificateAuthority authority = CertificateAuthority.create(directory.resolve("certificates"),
				"telemetry-pipeline local CA");
		String password = CertificateAuthority.newPassword();
		Path keyStore = authority.issueBrokerKeyStore(password);
		Path trustStore = authority.trustStore(password);
		Path config = directory.resolve("broker/config");
		writeConfig(config, port, keyStore, trustStore, password);
		Path extensions = createDirectories(directory.resolve("broker/extensions"));
		SqsClient sqs = servers.sqsClientBuilder()
			.overrideConfiguration((client) -> client.apiCallTimeout(Duration.ofSeconds(5))
				.apiCallAttemptTimeout(Duration.ofSeconds(2)))
			.build();
		TelemetryRule rule = new TelemetryRule(new RuleActions(sqs, queue, PipelineNames.RULE_ERROR_QUEUE),
				RULE_TIMEOUT, 8);
		EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
			.withConfigurationFolder(config)
			.withDataFolder(directory.resolve("broker/data"))
			.withExtensionsFolder(extensions)
			.withoutLoggingBootstrap()
			.withEmbeddedExtension(EmbeddedExtension.builder()
				.withId("iot-core")
				.withName("IoT Core stand-in")
				.withVersion("1")
				.withExtensionMain(new Extension(rule))
				.build())
			.build();
		LocalIotCore iotCore = new LocalIotCore(broker, authority, sqs, rule, port);
		try {
			broker.start().get(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			iotCore.close();
			throw new IllegalStateException("Interrupted while starting the MQTT broker", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			iotCore.close();
			throw new IllegalStateException("The MQTT broker did not start on port " + port, ex);
		}
		log.info("MQTT broker on mqtts://127.0.0.1:{} started in {} ms, forwarding {} to {}", port,
				Duration.between(started, Instant.now()).toMillis(), PipelineNames.DEVICE_TELEMETRY_TOPIC_FILTER,
				queue);
		return iotCore;
	}

	/**
	 * The port devices connect to.
	 * @return the TLS listener's port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The authority whose certificates the broker trusts.
	 * @return the local authority
	 */
	public CertificateAuthority authority() {
		return this.authority;
	}

	/**
	 * Issues a device its certificate, as registering a thing and attaching a certificate
	 * to it does.
	 * @param thingName the device's thing name
	 * @return its credentials
	 */
	public DeviceCredentials registerDevice(String thingName) {
		return this.authority.issueDevice(thingName);
	}

	/**
	 * An MQTT 3.1.1 client of a device: its thing name as client id, TLS with its
	 * certificate, to this broker.
	 * @param device the device's credentials
	 * @return the client's builder, for the caller to add e.g. automatic reconnection
	 */
	public Mqtt3ClientBuilder deviceClient(DeviceCredentials device) {
		return Mqtt3Client.builder()
			.identifier(device.thingName())
			.serverHost("127.0.0.1")
			.serverPort(this.port)
			.sslConfig(MqttClientSslConfig.builder()
				.keyManagerFactory(device.keyManagerFactory())
				.trustManagerFactory(device.trustManagerFactory())
				.build());
	}

	private static Path createDirectories(Path directory) {
		try {
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeConfig(Path folder, int port, Path keyStore, Path trustStore, String password) {
		String xml = """
				<?xml version="1.0"?>
				<hivemq>
				    <listeners>
				        <tls-tcp-listener>
				            <port>%d</port>
				            <bind-address>127.0.0.1</bind-address>
				            <name>mqtts</name>
				            <tls>
				                <keystore>
				                    <path>%s</path>
				                    <password>%s</password>
				                    <private-key-password>%s</private-key-password>
				                </keystore>
				                <truststore>
				                    <path>%s</path>
				                    <password>%s</password>
				                </truststore>
				                <protocols>
				                    <protocol>TLSv1.3</protocol>
				                    <protocol>TLSv1.2</protocol>
				                </protocols>
				                <client-authentication-mode>REQUIRED</client-authentication-mode>
				            </tls>
				        </tls-tcp-listener>
				    </listeners>
				    <mqtt>
				        <retained-messages>
				            <enabled>false</enabled>
				        </retained-messages>
				        <packets>
				            <max-packet-size>%d</max-packet-size>
				        </packets>
				    </mqtt>
				    <persistence>
				        <mode>in-memory</mode>
				    </persistence>
				    <anonymous-usage-statistics>
				        <enabled>false</enabled>
				    </anonymous-usage-statistics>
				</hivemq>
				""".formatted(port, keyStore, password, password, trustStore, password, MAX_PACKET_SIZE);
		try {
			Files.createDirectories(folder);
			Files.writeString(folder.resolve("config.xml"), xml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the MQTT broker's configuration", ex);
		}
	}

	@Override
	public void close() {
		try {
			this.broker.stop().get(30, TimeUnit.SECONDS);
			this.broker.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("The MQTT broker did not stop cleanly: {}", ex.getMessage());
		}
		finally {
			this.rule.close();
			this.sqs.close();
		}
	}

	/** Registers the authenticator and the rule with the broker. */
	private record Extension(TelemetryRule rule) implements ExtensionMain {

		@Override
		public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
			DeviceAuthenticator authenticator = new DeviceAuthenticator();
			Services.securityRegistry().setAuthenticatorProvider((provider) -> authenticator);
			Services.initializerRegistry()
				.setClientInitializer((initializer, client) -> client.addPublishInboundInterceptor(this.rule));
		}

		@Override
		public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
		}

	}

}
