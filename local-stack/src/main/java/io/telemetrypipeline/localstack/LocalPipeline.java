package io.telemetrypipeline.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Both services running in this JVM against the given servers, each in its own
 * application context with its own configuration file, exactly as their {@code main}
 * methods start them. The local run and the end-to-end tests both start the pipeline
 * through this class.
 */
public final class LocalPipeline implements AutoCloseable {

	private final ConfigurableApplicationContext persistence;

	private final ConfigurableApplicationContext ingest;

	private LocalPipeline(ConfigurableApplicationContext persistence, ConfigurableApplicationContext ingest) {
		this.persistence = persistence;
		this.ingest = ingest;
	}

	/**
	 * Starts persistence-service, then ingest-service.
	 * @param servers the Kafka, SQS and MongoDB servers
	 * @param overrides extra properties for both services, e.g. {@code server.port=0}
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
		ConfigurableApplicationContext persistence = startPersistence(servers, persistenceOverrides);
		try {
			return new LocalPipeline(persistence, startIngest(servers, ingestOverrides));
		}
		catch (RuntimeException ex) {
			persistence.close();
			throw ex;
		}
	}

	/**
	 * Starts one ingest-service instance in this JVM.
	 * @param servers the servers
	 * @param overrides extra properties
	 * @return its context; {@code close()} stops it gracefully
	 */
	public static ConfigurableApplicationContext startIngest(PipelineInfrastructure servers,
			Map<String, String> overrides) {
		return withoutShutdownHook(IngestServiceApplication.application()).run(ingestArguments(servers, overrides));
	}

	/**
	 * Starts one persistence-service instance in this JVM.
	 * @param servers the servers
	 * @param overrides extra properties
	 * @return its context; {@code close()} stops it gracefully
	 */
	public static ConfigurableApplicationContext startPersistence(PipelineInfrastructure servers,
			Map<String, String> overrides) {
		return withoutShutdownHook(PersistenceServiceApplication.application())
			.run(persistenceArguments(servers, overrides));
	}

	/**
	 * The command-line arguments that point ingest-service at the servers.
	 * @param servers the servers
	 * @param overrides extra properties
	 * @return {@code --key=value} arguments
	 */
	public static String[] ingestArguments(PipelineInfrastructure servers, Map<String, String> overrides) {
		// the Mongo client on the shared classpath is not ingest-service's concern
		return arguments(servers, overrides, Map.of("management.health.mongo.enabled", "false"));
	}

	/**
	 * The command-line arguments that point persistence-service at the servers.
	 * @param servers the servers
	 * @param overrides extra properties
	 * @return {@code --key=value} arguments
	 */
	public static String[] persistenceArguments(PipelineInfrastructure servers, Map<String, String> overrides) {
		return arguments(servers, overrides, Map.of());
	}

	/** {@link #close()} stops the services, in order, before the servers go away. */
	private static SpringApplication withoutShutdownHook(SpringApplication application) {
		application.setRegisterShutdownHook(false);
		return application;
	}

	private static String[] arguments(PipelineInfrastructure servers, Map<String, String> overrides,
			Map<String, String> own) {
		List<String> arguments = new ArrayList<>();
		servers.springProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
		overrides.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		own.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments.toArray(String[]::new);
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
