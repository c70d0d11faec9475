package io.telemetrypipeline.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * ingest-service: receives device readings from SQS, validates them and publishes them to
 * Kafka as events or rejections.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(IngestServiceApplication.class, args);
	}

}
