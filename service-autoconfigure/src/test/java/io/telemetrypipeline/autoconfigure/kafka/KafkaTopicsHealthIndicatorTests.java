package io.telemetrypipeline.autoconfigure.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTopicsHealthIndicatorTests {

	static final Map<String, Set<AclOperation>> REQUIRED = requiredOf("events", Set.of(AclOperation.READ),
			"dead-letters", Set.of(AclOperation.WRITE));

	@Test
	void nothingIsMissingWhenEachTopicGrantsWhatTheServiceNeeds() {
		assertThat(KafkaTopicsHealthIndicator.missing(REQUIRED,
				Map.of("events", topic("events", Set.of(AclOperation.READ, AclOperation.DESCRIBE)), "dead-letters",
						topic("dead-letters", Set.of(AclOperation.WRITE, AclOperation.DESCRIBE)))))
			.isEmpty();
	}

	@Test
	void namesEachMissingOperationWithItsTopicInOrder() {
		Map<String, Set<AclOperation>> required = requiredOf("events", Set.of(AclOperation.WRITE, AclOperation.READ),
				"dead-letters", Set.of(AclOperation.WRITE));
		assertThat(KafkaTopicsHealthIndicator.missing(required,
				Map.of("events", topic("events", Set.of(AclOperation.DESCRIBE)), "dead-letters",
						topic("dead-letters", Set.of(AclOperation.DESCRIBE, AclOperation.READ)))))
			.containsExactly("READ on topic events", "WRITE on topic events", "WRITE on topic dead-letters");
	}

	@Test
	void aBrokerThatReportsNoAuthorizedOperationsIsTakenAtItsWord() {
		assertThat(KafkaTopicsHealthIndicator.missing(REQUIRED,
				Map.of("events", topic("events", null), "dead-letters", topic("dead-letters", null))))
			.isEmpty();
	}

	private static TopicDescription topic(String name, Set<AclOperation> authorized) {
		return new TopicDescription(name, false, List.of(), authorized);
	}

	private static Map<String, Set<AclOperation>> requiredOf(String topic, Set<AclOperation> operations, String other,
			Set<AclOperation> otherOperations) {
		Map<String, Set<AclOperation>> required = new LinkedHashMap<>();
		required.put(topic, operations);
		required.put(other, otherOperations);
		return required;
	}

}
