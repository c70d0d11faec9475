package io.telemetrypipeline.autoconfigure.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Reports UP when the Kafka cluster answers, every topic the service needs exists, and
 * the service's principal holds every operation it needs on each (asked of the broker
 * with the topics' authorized operations, so a missing ACL shows before the first record
 * fails). Otherwise DOWN, naming each missing permission in the details and in one log
 * line whenever the set of missing permissions changes. Part of the readiness group, so
 * an instance that cannot reach Kafka or lacks an ACL is visible as not ready. Each check
 * is bounded by a short timeout.
 */
@Slf4j
public class KafkaTopicsHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final Admin admin;

	private final Map<String, Set<AclOperation>> required;

	private final Duration timeout;

	private volatile List<String> lastMissing = List.of();

	/**
	 * A check of the topics a service uses.
	 * @param kafkaAdmin the service's Kafka admin, whose settings (and credentials) the
	 * check uses
	 * @param required topic name to the operations the service performs on it, e.g.
	 * {@code WRITE}; {@code DESCRIBE} is always needed
	 * @param timeout bound of each check
	 */
	public KafkaTopicsHealthIndicator(KafkaAdmin kafkaAdmin, Map<String, Set<AclOperation>> required,
			Duration timeout) {
		super("Kafka health check failed");
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "health-check");
		this.admin = Admin.create(config);
		this.required = new LinkedHashMap<>(required);
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		DescribeTopicsOptions options = new DescribeTopicsOptions().timeoutMs((int) this.timeout.toMillis())
			.includeAuthorizedOperations(true);
		Map<String, TopicDescription> described;
		try {
			described = this.admin.describeTopics(this.required.keySet(), options)
				.allTopicNames()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TopicAuthorizationException denied) {
				report(builder,
						denied.unauthorizedTopics()
							.stream()
							.sorted()
							.map((topic) -> permission(AclOperation.DESCRIBE, topic))
							.toList());
				return;
			}
			throw ex;
		}
		List<String> missing = missing(this.required, described);
		report(builder, missing);
		described
			.forEach((name, description) -> builder.withDetail(name, description.partitions().size() + " partitions"));
	}

	/**
	 * The permissions the service needs and the broker does not grant it, e.g.
	 * {@code WRITE on topic telemetry.rejected}. A broker that does not report authorized
	 * operations (no authorizer information) is taken at its word: nothing missing.
	 * @param required the operations the service needs, by topic
	 * @param described each topic as the broker described it, with its authorized
	 * operations
	 * @return one line per missing permission, empty when nothing is missing
	 */
	static List<String> missing(Map<String, Set<AclOperation>> required, Map<String, TopicDescription> described) {
		List<String> missing = new ArrayList<>();
		required.forEach((topic, operations) -> {
			Set<AclOperation> authorized = described.get(topic).authorizedOperations();
			if (authorized != null) {
				operations.stream()
					.filter((operation) -> !authorized.contains(operation))
					.sorted()
					.forEach((operation) -> missing.add(permission(operation, topic)));
			}
		});
		return missing;
	}

	private void report(Health.Builder builder, List<String> missing) {
		if (missing.isEmpty()) {
			builder.up();
		}
		else {
			builder.down().withDetail("missingPermissions", missing);
		}
		if (!Objects.equals(missing, this.lastMissing)) {
			if (missing.isEmpty()) {
				log.info("Kafka now grants every permission this service needs: {}", this.required);
			}
			else {
				log.warn("Kafka denies this service {}: grant it with an ACL (see deploy/kafka/acls.txt); "
						+ "not ready until then", String.join(", ", missing));
			}
			this.lastMissing = missing;
		}
	}

	private static String permission(AclOperation operation, String topic) {
		return operation + " on topic " + topic;
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}

}
