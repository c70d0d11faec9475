package io.telemetrypipeline.infrastructure.iot;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at start, standing in for the CA whose certificates AWS
 * IoT Core trusts: it signs the MQTT broker's server certificate (for {@code 127.0.0.1}
 * and {@code localhost}) and one client certificate per device, whose subject's common
 * name is the device's thing name. Every key is a fresh EC P-256 key that exists only in
 * the directory given, valid for {@link #VALIDITY}; nothing of it is committed or reused.
 */
public final class CertificateAuthority {

	/** How long every certificate is valid, from a minute before it was made. */
	static final Duration VALIDITY = Duration.ofDays(2);

	private static final String SIGNATURE = "SHA256withECDSA";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path directory;

	private final KeyPair keyPair;

	private final X509Certificate certificate;

	private CertificateAuthority(Path directory, KeyPair keyPair, X509Certificate certificate) {
		this.directory = directory;
		this.keyPair = keyPair;
		this.certificate = certificate;
	}

	/**
	 * Makes a new authority and writes its certificate to {@code ca.crt} in
	 * {@code directory}.
	 * @param directory where the authority writes every certificate and key it makes
	 * @param name the authority's common name
	 * @return the authority
	 */
	public static CertificateAuthority create(Path directory, String name) {
		try {
			Files.createDirectories(directory);
			KeyPair keyPair = newKeyPair();
			X500Name subject = commonName(name);
			X509v3CertificateBuilder builder = builder(subject, subject, keyPair);
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
			X509Certificate certificate = sign(builder, keyPair.getPrivate());
			CertificateAuthority authority = new CertificateAuthority(directory, keyPair, certificate);
			writePem(authority.certificatePath(), certificate);
			return authority;
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not create the local certificate authority", ex);
		}
	}

	/**
	 * The authority's certificate, which the broker trusts for device certificates and
	 * devices trust for the broker's.
	 * @return the PEM file
	 */
	public Path certificatePath() {
		return this.directory.resolve("ca.crt");
	}

	X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Issues a device certificate whose subject's common name is {@code thingName}, for
	 * TLS client authentication, and writes it and its key as PEM files
	 * ({@code <thingName>.crt}, {@code <thingName>.key}, PKCS#8) into the authority's
	 * directory.
	 * @param thingName the device's thing name, its identity on the broker
	 * @return the device's credentials
	 */
	public DeviceCredentials issueDevice(String thingName) {
		try {
			KeyPair device = newKeyPair();
			X509v3CertificateBuilder builder = builder(commonName(thingName), subject(), device);
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
			X509Certificate issued = sign(builder, this.keyPair.getPrivate());
			DeviceCredentials credentials = new DeviceCredentials(thingName, this.directory.resolve(thingName + ".crt"),
					this.directory.resolve(thingName + ".key"), certificatePath());
			writePem(credentials.certificate(), issued);
			writePem(credentials.privateKey(), new JcaPKCS8Generator(device.getPrivate(), null));
			return credentials;
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not issue a certificate for device " + thingName, ex);
		}
	}

	/**
	 * Issues the broker's server certificate, for {@code 127.0.0.1} and
	 * {@code localhost}, into a PKCS#12 key store ({@code broker.p12}).
	 * @param password the key store's password
	 * @return the key store file
	 */
	Path issueBrokerKeyStore(String password) {
		try {
			KeyPair broker = newKeyPair();
			X509v3CertificateBuilder builder = builder(commonName("localhost"), subject(), broker);
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
			builder.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.dNSName, "localhost") }));
			X509Certificate issued = sign(builder, this.keyPair.getPrivate());
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry("broker", broker.getPrivate(), password.toCharArray(),
					new Certificate[] { issued, this.certificate });
			return store(keyStore, this.directory.resolve("broker.p12"), password);
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not issue the MQTT broker's certificate", ex);
		}
	}

	/**
	 * Writes a PKCS#12 trust store holding the authority's certificate alone
	 * ({@code truststore.p12}), with which the broker verifies device certificates.
	 * @param password the trust store's password
	 * @return the trust store file
	 */
	Path trustStore(String password) {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry("ca", this.certificate);
			return store(trustStore, this.directory.resolve("truststore.p12"), password);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Could not write the MQTT broker's trust store", ex);
		}
	}

	/**
	 * A fresh random password for a key store that lives as long as this run.
	 * @return 32 hex digits
	 */
	static String newPassword() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private X500Name subject() {
		return X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded());
	}

	private static Path store(KeyStore keyStore, Path file, String password)
			throws GeneralSecurityException, IOException {
		try (var out = Files.newOutputStream(file)) {
			keyStore.store(out, password.toCharArray());
		}
		return file;
	}

	private static KeyPair newKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
		return generator.generateKeyPair();
	}

	private static X500Name commonName(String name) {
		return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
	}

	private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair subjectKeys) {
		Instant now = Instant.now();
		return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
				Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(VALIDITY)), subject,
				subjectKeys.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
			throws OperatorCreationException, GeneralSecurityException {
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
	}

	private static void writePem(Path file, Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
			pem.writeObject(object);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			Files.writeString(file, text.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

}
