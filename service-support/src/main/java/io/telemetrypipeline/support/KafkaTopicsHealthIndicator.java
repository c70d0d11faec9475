package io.telemetrypipeline.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Reports UP when the Kafka cluster answers and every topic the service needs exists.
 * Part of the readiness group, so an instance that cannot reach Kafka stops receiving
 * traffic and is visible as not ready. Each check is bounded by a short timeout.
 */
public class KafkaTopicsHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final Admin admin;

	private final List<String> topics;

	private final Duration timeout;

	public KafkaTopicsHealthIndicator(KafkaAdmin kafkaAdmin, List<String> topics, Duration timeout) {
		super("Kafka health check failed");
		Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "health-check");
		this.admin = Admin.create(config);
		this.topics = List.copyOf(topics);
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		DescribeTopicsOptions options = new DescribeTopicsOptions().timeoutMs((int) this.timeout.toMillis());
		Map<String, TopicDescription> described = this.admin.describeTopics(this.topics, options)
			.allTopicNames()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		builder.up();
		described
			.forEach((name, description) -> builder.withDetail(name, description.partitions().size() + " partitions"));
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}

}
