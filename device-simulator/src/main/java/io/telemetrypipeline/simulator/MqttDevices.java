package io.telemetrypipeline.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import lombok.extern.slf4j.Slf4j;

/**
 * Each simulated device as its own MQTT 3.1.1 client over TLS, authenticated by its own
 * certificate, as a device connects to AWS IoT Core: its thing name as client id, QoS 1
 * publishes to {@code devices/<thing name>/telemetry}, and a persistent session
 * ({@code cleanSession=false}) with automatic reconnection, so a publish the broker did
 * not acknowledge is sent again once the device has reconnected. Certificates are read
 * from one directory: {@code <thing name>.crt} and {@code <thing name>.key} (PEM, PKCS#8)
 * per device, and {@code ca.crt}, the authority the broker's certificate is trusted by.
 */
@Slf4j
final class MqttDevices implements Transport {

	/** The authority file in the certificates directory. */
	static final String CA_FILE = "ca.crt";

	private final Map<String, Mqtt3AsyncClient> clients = new LinkedHashMap<>();

	private final AtomicLong accepted = new AtomicLong();

	/**
	 * Connects every device, and returns once all are connected.
	 * @param host the broker's host, e.g. an AWS IoT Core endpoint
	 * @param port its MQTT over TLS port, 8883
	 * @param certificates the directory of the devices' certificates and keys
	 * @param thingNames the devices
	 */
	MqttDevices(String host, int port, Path certificates, List<String> thingNames) {
		TrustManagerFactory trust = trust(certificates.resolve(CA_FILE));
		for (String thing : thingNames) {
			Mqtt3AsyncClient client = Mqtt3Client.builder()
				.identifier(thing)
				.serverHost(host)
				.serverPort(port)
				.sslConfig(MqttClientSslConfig.builder()
					.keyManagerFactory(keys(certificates, thing))
					.trustManagerFactory(trust)
					.build())
				.automaticReconnect()
				.initialDelay(200, TimeUnit.MILLISECONDS)
				.maxDelay(5, TimeUnit.SECONDS)
				.applyAutomaticReconnect()
				.buildAsync();
			this.clients.put(thing, client);
		}
		try {
			CompletableFuture
				.allOf(this.clients.values()
					.stream()
					.map((client) -> client.connectWith().cleanSession(false).keepAlive(30).send())
					.toArray(CompletableFuture[]::new))
				.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			close();
			throw new IllegalStateException("Simulated devices could not connect to mqtts://" + host + ":" + port
					+ " with the certificates in " + certificates + ": " + ex.getMessage(), ex);
		}
		log.info("{} simulated devices connected to mqtts://{}:{}", thingNames.size(), host, port);
	}

	@Override
	public void send(List<SimulatedReading> readings) {
		for (SimulatedReading reading : readings) {
			this.clients.get(reading.thingName())
				.publishWith()
				.topic(reading.topic())
				.qos(MqttQos.AT_LEAST_ONCE)
				.payload(reading.payload().getBytes(StandardCharsets.UTF_8))
				.send()
				.whenComplete((acknowledged, failure) -> {
					if (failure == null) {
						this.accepted.incrementAndGet();
					}
					else {
						log.warn("Device {} could not publish: {}", reading.thingName(), failure.getMessage());
					}
				});
		}
	}

	@Override
	public long accepted() {
		return this.accepted.get();
	}

	@Override
	public void close() {
		CompletableFuture
			.allOf(this.clients.values()
				.stream()
				.filter((client) -> client.getState().isConnected())
				.map((client) -> client.disconnect().exceptionally((ex) -> null))
				.toArray(CompletableFuture[]::new))
			.orTimeout(10, TimeUnit.SECONDS)
			.exceptionally((ex) -> null)
			.join();
	}

	private static KeyManagerFactory keys(Path directory, String thing) {
		try {
			PrivateKey key = KeyFactory.getInstance("EC")
				.generatePrivate(new PKCS8EncodedKeySpec(pemBody(directory.resolve(thing + ".key"))));
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry(thing, key, new char[0],
					new Certificate[] { certificate(directory.resolve(thing + ".crt")) });
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, new char[0]);
			return factory;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the certificate and key of device " + thing + " in "
					+ directory + " (" + thing + ".crt, " + thing + ".key as PKCS#8 PEM): " + ex.getMessage(), ex);
		}
	}

	private static TrustManagerFactory trust(Path caFile) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("ca", certificate(caFile));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return factory;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the broker's authority " + caFile + ": " + ex.getMessage(),
					ex);
		}
	}

	private static Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
		try (var in = Files.newInputStream(pem)) {
			return CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	private static byte[] pemBody(Path pem) throws IOException {
		String text = Files.readString(pem, StandardCharsets.US_ASCII);
		if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
			throw new IOException(pem + " is not a PKCS#8 private key (BEGIN PRIVATE KEY)");
		}
		return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
	}

}
