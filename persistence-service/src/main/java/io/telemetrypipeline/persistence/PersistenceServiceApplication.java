package io.telemetrypipeline.persistence;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * persistence-service: consumes telemetry events from Kafka, stores each exactly once in
 * MongoDB and serves the readings API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PersistenceServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(PersistenceServiceApplication.class, args);
	}

}
