package io.telemetrypipeline.persistence.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoDatabase;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The MongoDB health check ({@code mongo} in the readiness group), in place of Spring
 * Boot's: one {@code ping} of the readings' database, bounded as a whole by
 * {@code telemetry.persistence.mongo-health-timeout} (the driver's operation timeout for
 * this command alone). A MongoDB that is down or stalled turns readiness DOWN within that
 * time, below the readiness probe's own timeout, so the probe always gets an answer.
 */
@Component("mongoHealthIndicator")
class MongoReadinessIndicator extends AbstractHealthIndicator {

	private static final Document PING = new Document("ping", 1);

	private final MongoDatabase database;

	private final Duration timeout;

	MongoReadinessIndicator(MongoTemplate mongo, PersistenceProperties properties) {
		super("MongoDB health check failed");
		this.timeout = properties.mongoHealthTimeout();
		this.database = mongo.getDb().withTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.database.runCommand(PING);
		builder.up().withDetail("database", this.database.getName()).withDetail("timeout", this.timeout.toString());
	}

}
