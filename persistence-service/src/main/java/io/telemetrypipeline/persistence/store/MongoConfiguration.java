package io.telemetrypipeline.persistence.store;

import java.util.concurrent.TimeUnit;

import io.telemetrypipeline.persistence.config.PersistenceProperties;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds every wait of the MongoDB client. When MongoDB is unreachable an operation fails
 * within {@code telemetry.persistence.mongo-timeout} instead of the driver's 30 s; when
 * it accepts connections but does not answer (a stalled primary, a write concern that is
 * never satisfied), the driver's client-side operation timeout ({@code timeoutMS}, set to
 * {@code telemetry.persistence.mongo-operation-timeout}) fails the operation instead of
 * blocking a consumer or API thread without limit. A failed bulk write is retried with
 * back-off; a failed API query is answered with 503.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

	@Bean
	MongoClientSettingsBuilderCustomizer mongoTimeouts(PersistenceProperties properties) {
		long reach = properties.mongoTimeout().toMillis();
		long operation = properties.mongoOperationTimeout().toMillis();
		return (settings) -> settings.timeout(operation, TimeUnit.MILLISECONDS)
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(reach, TimeUnit.MILLISECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout((int) reach, TimeUnit.MILLISECONDS));
	}

}
