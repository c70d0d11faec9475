package io.telemetrypipeline.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * ingest-service: receives device readings from SQS, validates them and publishes them to
 * Kafka. Its configuration file is {@code ingest-service.yml} ({@value #CONFIG_NAME}), so
 * it can share a classpath with the other service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan({ "io.telemetrypipeline.ingest", "io.telemetrypipeline.support" })
public class IngestServiceApplication {

	/** The {@code spring.config.name} of this service. */
	public static final String CONFIG_NAME = "ingest-service";

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The application as {@link #main} runs it, for launchers that start it in-process.
	 * @return the application with its configuration name set
	 */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(IngestServiceApplication.class);
		application.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

}
