package io.telemetrypipeline.persistence;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * persistence-service: consumes telemetry events from Kafka, stores each exactly once in
 * MongoDB and serves the readings API. Its configuration file is
 * {@code persistence-service.yml} ({@value #CONFIG_NAME}), so it can share a classpath
 * with the other service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan({ "io.telemetrypipeline.persistence", "io.telemetrypipeline.support" })
public class PersistenceServiceApplication {

	/** The {@code spring.config.name} of this service. */
	public static final String CONFIG_NAME = "persistence-service";

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The application as {@link #main} runs it, for launchers that start it in-process.
	 * @return the application with its configuration name set
	 */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(PersistenceServiceApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

}
