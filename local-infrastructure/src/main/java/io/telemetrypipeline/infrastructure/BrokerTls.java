package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker's TLS key and certificate, made when the broker is set up with the JDK's
 * {@code keytool}: a fresh EC key pair in a PKCS12 key store and its self-signed
 * certificate, valid for two days and for the address {@code 127.0.0.1} only, so that
 * clients verify the host name as they do in production. Clients trust the certificate as
 * a PEM file. Nothing of it exists before a test runs.
 *
 * @param keyStore the broker's key store (PKCS12)
 * @param certificate the broker's certificate, PEM, which clients trust
 * @param password the key store's password
 */
record BrokerTls(Path keyStore, Path certificate, String password) {

	static BrokerTls generate(Path directory, String password) {
		Path keyStore = directory.resolve("broker-keystore.p12");
		Path certificate = directory.resolve("broker-certificate.pem");
		if (!Files.exists(keyStore)) {
			keytool(directory, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
					"CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
					keyStore.toString(), "-storepass", password, "-keypass", password);
			keytool(directory, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(),
					"-storepass", password, "-file", certificate.toString());
		}
		return new BrokerTls(keyStore, certificate, password);
	}

	private static void keytool(Path directory, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Path output = directory.resolve("keytool.log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(
						"keytool " + arguments[0] + " failed: " + Files.readString(output, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run keytool of " + System.getProperty("java.home"), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running keytool", ex);
		}
	}

}
