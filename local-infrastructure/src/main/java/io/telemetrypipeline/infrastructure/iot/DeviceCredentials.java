package io.telemetrypipeline.infrastructure.iot;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * What a device needs to connect to the local MQTT broker, as PEM files (the form
 * {@code mosquitto_pub} and AWS IoT Core's device SDKs take).
 *
 * @param thingName the device's thing name: its certificate's common name and the only
 * client id it may connect with
 * @param certificate its client certificate
 * @param privateKey its private key (PKCS#8)
 * @param caCertificate the certificate of the authority that signed the broker's
 * certificate, which the device trusts
 */
public record DeviceCredentials(String thingName, Path certificate, Path privateKey, Path caCertificate) {

	/**
	 * The device's key and certificate, for a Java MQTT client's TLS settings.
	 * @return a key manager factory holding them
	 */
	public KeyManagerFactory keyManagerFactory() {
		try (Reader pem = Files.newBufferedReader(this.privateKey)) {
			PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) new PEMParser(pem).readObject());
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry("device", key, new char[0], new Certificate[] { read(this.certificate) });
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(keyStore, new char[0]);
			return factory;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not read the credentials of device " + this.thingName, ex);
		}
	}

	/**
	 * The authority the device trusts the broker's certificate by.
	 * @return a trust manager factory holding {@link #caCertificate()}
	 */
	public TrustManagerFactory trustManagerFactory() {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry("ca", read(this.caCertificate));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trustStore);
			return factory;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not read " + this.caCertificate, ex);
		}
	}

	private static Certificate read(Path pem) throws IOException, GeneralSecurityException {
		try (var in = Files.newInputStream(pem)) {
			return CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

}
