package io.telemetrypipeline.persistence.store;

import java.util.concurrent.TimeUnit;

import io.telemetrypipeline.persistence.config.PersistenceProperties;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds how long the MongoDB client waits for a server: when MongoDB is unreachable a
 * bulk write fails within {@code telemetry.persistence.mongo-timeout} and is retried with
 * back-off, and readiness turns DOWN within that time, instead of the driver's 30 s.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

	@Bean
	MongoClientSettingsBuilderCustomizer mongoTimeouts(PersistenceProperties properties) {
		long millis = properties.mongoTimeout().toMillis();
		return (settings) -> settings
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout((int) millis, TimeUnit.MILLISECONDS));
	}

}
