package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Plays the authorization server for tests and the local run: an RSA key pair generated
 * in memory signs JWT access tokens (RS256), and its public key, written to a PEM file,
 * is what persistence-service verifies them with. Nothing is ever stored beyond the
 * temporary file of the public key.
 */
public final class TokenIssuer {

	/** The issuer ({@code iss}) of every token. */
	public static final String ISSUER = "urn:telemetry-pipeline:local-token-issuer";

	private final JwtEncoder encoder;

	private final Path publicKeyFile;

	private TokenIssuer(JwtEncoder encoder, Path publicKeyFile) {
		this.encoder = encoder;
		this.publicKeyFile = publicKeyFile;
	}

	/**
	 * A new key pair; its public key goes to a temporary PEM file deleted when the JVM
	 * exits.
	 * @return the issuer
	 */
	public static TokenIssuer generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keys = generator.generateKeyPair();
			Path file = Files.createTempFile("telemetry-token-issuer-", ".pub.pem");
			file.toFile().deleteOnExit();
			Files.writeString(file, pem(keys.getPublic().getEncoded()));
			return new TokenIssuer(
					NimbusJwtEncoder.withKeyPair((RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate())
						.build(),
					file);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK offers no RSA key pair generator", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the public key file", ex);
		}
	}

	/**
	 * The Spring Boot property that makes a resource server accept this issuer's tokens.
	 * @return property name to value
	 */
	public Map<String, String> resourceServerProperties() {
		return Map.of("spring.security.oauth2.resourceserver.jwt.public-key-location",
				"file:" + this.publicKeyFile.toAbsolutePath());
	}

	/**
	 * A signed access token valid from now.
	 * @param subject the {@code sub} claim
	 * @param scopes the {@code scope} claim, e.g. {@code readings:read}
	 * @param devices the {@code devices} claim, or {@code null} for a token not limited
	 * to some devices
	 * @param validity how long the token is valid
	 * @return the compact JWT
	 */
	public String token(String subject, Collection<String> scopes, Collection<String> devices, Duration validity) {
		return sign(subject, scopes, devices, Instant.now(), validity);
	}

	/**
	 * A signed access token that expired five minutes ago, beyond any usual clock skew.
	 * @param subject the {@code sub} claim
	 * @param scopes the {@code scope} claim
	 * @return the compact JWT
	 */
	public String expiredToken(String subject, Collection<String> scopes) {
		return sign(subject, scopes, null, Instant.now().minus(Duration.ofMinutes(10)), Duration.ofMinutes(5));
	}

	private String sign(String subject, Collection<String> scopes, Collection<String> devices, Instant issuedAt,
			Duration validity) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.subject(subject)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(validity))
			.claim("scope", String.join(" ", scopes));
		if (devices != null) {
			claims.claim("devices", List.copyOf(devices));
		}
		return this.encoder.encode(JwtEncoderParameters.from(claims.build())).getTokenValue();
	}

	private static String pem(byte[] x509) {
		return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(x509)
				+ "\n-----END PUBLIC KEY-----\n";
	}

}
