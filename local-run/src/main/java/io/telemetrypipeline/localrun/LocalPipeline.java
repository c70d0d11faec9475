package io.telemetrypipeline.localrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Both services running in this JVM against the given servers, each in its own
 * application context with its own configuration file, as their {@code main} methods
 * start them (but for ingest-service's shorter long polls, see {@link #startIngest}). The
 * end-to-end scenarios start the pipeline through this class; the local run, which starts
 * each service in a JVM of its own, takes the services' arguments from it
 * ({@link #serviceArguments}). A key pair plays the authorization server:
 * persistence-service verifies access tokens with its public key, and
 * {@link #readingsToken()} signs tokens for the readings API. One key pair serves every
 * pipeline this JVM starts, as one authorization server serves every instance: generating
 * an RSA key pair takes a second or more of CPU time.
 */
public final class LocalPipeline implements AutoCloseable {

	/** Scope of the tokens that read the readings API. */
	public static final String READINGS_SCOPE = "readings:read";

	/** Validity of {@link #readingsToken()}: long enough for a working day. */
	public static final Duration TOKEN_VALIDITY = Duration.ofHours(12);

	/**
	 * Spring Security on the classpath this JVM shares belongs to persistence-service;
	 * ingest-service runs without it, as in a JVM of its own.
	 */
	private static final String SECURITY_AUTO_CONFIGURATIONS = String.join(",",
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration");

	/**
	 * What an ingest-service started in this JVM does differently from one in production,
	 * unless the caller overrides it: a long poll of 1 s instead of 10 s. Closing the
	 * service waits for the polls in flight (spring-cloud-aws drains them before it stops
	 * the container), so a test pipeline closes in a second instead of up to ten, which
	 * the end-to-end scenarios, about fifteen such closes, used to spend waiting.
	 */
	private static final Map<String, String> IN_JVM_INGEST_DEFAULTS = Map.of("telemetry.ingest.listener.poll-timeout",
			"1s");

	private static TokenIssuer sharedTokens;

	private final ConfigurableApplicationContext persistence;

	private final ConfigurableApplicationContext ingest;

	private final TokenIssuer tokens;

	private LocalPipeline(ConfigurableApplicationContext persistence, ConfigurableApplicationContext ingest,
			TokenIssuer tokens) {
		this.persistence = persistence;
		this.ingest = ingest;
		this.tokens = tokens;
	}

	/**
	 * Starts persistence-service, then ingest-service.
	 * @param servers the Kafka, SQS and MongoDB servers
	 * @param overrides extra properties for both services, e.g. {@code server.port=0}
	 * (which also puts Actuator on a random management port)
	 * @return the running pipeline
	 */
	public static LocalPipeline start(PipelineInfrastructure servers, Map<String, String> overrides) {
		return start(servers, overrides, overrides);
	}

	/**
	 * Starts persistence-service, then ingest-service, each with properties of its own,
	 * e.g. its own Kafka credentials.
	 * @param servers the Kafka, SQS and MongoDB servers
	 * @param persistenceOverrides extra properties for persistence-service
	 * @param ingestOverrides extra properties for ingest-service
	 * @return the running pipeline
	 */
	public static LocalPipeline start(PipelineInfrastructure servers, Map<String, String> persistenceOverrides,
			Map<String, String> ingestOverrides) {
		TokenIssuer tokens = sharedTokens();
		Map<String, String> persistenceProperties = new HashMap<>(tokens.resourceServerProperties());
		persistenceProperties.putAll(persistenceOverrides);
		ConfigurableApplicationContext persistence = startPersistence(servers, persistenceProperties);
		try {
			return new LocalPipeline(persistence, startIngest(servers, ingestOverrides), tokens);
		}
		catch (RuntimeException ex) {
			persistence.close();
			throw ex;
		}
	}

	private static synchronized TokenIssuer sharedTokens() {
		if (sharedTokens == null) {
			sharedTokens = TokenIssuer.generate();
		}
		return sharedTokens;
	}

	/**
	 * Starts one ingest-service instance in this JVM, beside persistence-service: it
	 * reads its own configuration file, and leaves persistence-service's MongoDB client
	 * and Spring Security, which share the classpath, alone. Its long polls last 1 s
	 * unless overridden ({@link #IN_JVM_INGEST_DEFAULTS}).
	 * @param servers the servers
	 * @param overrides extra properties
	 * @return its context; {@code close()} stops it gracefully
	 */
	public static ConfigurableApplicationContext startIngest(PipelineInfrastructure servers,
			Map<String, String> overrides) {
		Map<String, String> properties = new HashMap<>(IN_JVM_INGEST_DEFAULTS);
		properties.putAll(overrides);
		return inThisJvm(IngestServiceApplication.class).run(arguments(servers, properties,
				Map.of("spring.config.location", ownConfiguration(IngestServiceApplication.class),
						"management.health.mongo.enabled", "false", "spring.autoconfigure.exclude",
						SECURITY_AUTO_CONFIGURATIONS)));
	}

	/**
	 * Starts one persistence-service instance in this JVM, beside ingest-service: it
	 * reads its own configuration file.
	 * @param servers the servers
	 * @param overrides extra properties
	 * @return its context; {@code close()} stops it gracefully
	 */
	public static ConfigurableApplicationContext startPersistence(PipelineInfrastructure servers,
			Map<String, String> overrides) {
		return inThisJvm(PersistenceServiceApplication.class).run(arguments(servers, overrides,
				Map.of("spring.config.location", ownConfiguration(PersistenceServiceApplication.class))));
	}

	/**
	 * The command-line arguments that point a service in a JVM of its own
	 * ({@link ServiceProcess}) at the servers: on its own classpath it needs nothing
	 * else.
	 * @param servers the servers
	 * @param overrides extra properties, e.g.
	 * {@link TokenIssuer#resourceServerProperties()} for persistence-service
	 * @return {@code --key=value} arguments
	 */
	public static List<String> serviceArguments(PipelineInfrastructure servers, Map<String, String> overrides) {
		return List.of(arguments(servers, overrides, Map.of()));
	}

	/**
	 * The service's application as its {@code main} runs it, without a shutdown hook:
	 * {@link #close()} stops the services, in order, before the servers go away.
	 * @param mainClass the service's main class
	 * @return the application, not yet run
	 */
	private static SpringApplication inThisJvm(Class<?> mainClass) {
		SpringApplication application = new SpringApplication(mainClass);
		application.setRegisterShutdownHook(false);
		return application;
	}

	/**
	 * The {@code application.yml} in the jar or classes directory of the given class:
	 * with both services on one classpath, {@code classpath:application.yml} would be
	 * whichever comes first.
	 * @param mainClass a service's main class
	 * @return a {@code jar:} or {@code file:} URL
	 */
	public static String ownConfiguration(Class<?> mainClass) {
		String root = mainClass.getProtectionDomain().getCodeSource().getLocation().toString();
		return root.endsWith(".jar") ? "jar:" + root + "!/application.yml" : root + "application.yml";
	}

	private static String[] arguments(PipelineInfrastructure servers, Map<String, String> overrides,
			Map<String, String> own) {
		List<String> arguments = new ArrayList<>();
		servers.springProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
		overrides.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		if ("0".equals(overrides.get("server.port")) && !overrides.containsKey("management.server.port")) {
			// Actuator gets a random port too: with both 0 it would share the API port
			arguments.add("--management.server.port=0");
		}
		own.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments.toArray(String[]::new);
	}

	/**
	 * An access token for the readings API of this pipeline: scope
	 * {@value #READINGS_SCOPE}, any device, valid for {@link #TOKEN_VALIDITY}.
	 * @return the compact JWT, for an {@code Authorization: Bearer} header
	 */
	public String readingsToken() {
		return readingsToken(this.tokens);
	}

	/**
	 * An access token for the readings API of a persistence-service that accepts the
	 * given issuer's tokens: scope {@value #READINGS_SCOPE}, any device, valid for
	 * {@link #TOKEN_VALIDITY}.
	 * @param tokens the issuer
	 * @return the compact JWT, for an {@code Authorization: Bearer} header
	 */
	public static String readingsToken(TokenIssuer tokens) {
		return tokens.token("local-user", List.of(READINGS_SCOPE), null, TOKEN_VALIDITY);
	}

	/**
	 * The issuer whose tokens this pipeline's persistence-service accepts.
	 * @return the token issuer
	 */
	public TokenIssuer tokens() {
		return this.tokens;
	}

	public ConfigurableApplicationContext ingest() {
		return this.ingest;
	}

	public ConfigurableApplicationContext persistence() {
		return this.persistence;
	}

	/**
	 * Reads a counter of either service.
	 * @param name the meter name, e.g. {@code telemetry.ingest.messages.published}
	 * @return the sum over all its tags, 0 when absent
	 */
	public double count(String name) {
		return sum(this.ingest, name) + sum(this.persistence, name);
	}

	private static double sum(ConfigurableApplicationContext context, String name) {
		return context.getBean(MeterRegistry.class).find(name).counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	/** Stops ingest-service first, so nothing new enters, then persistence-service. */
	@Override
	public void close() {
		this.ingest.close();
		this.persistence.close();
	}

}
