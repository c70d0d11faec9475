package io.telemetrypipeline.autoconfigure.kafka;

import java.util.Set;

import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class TopicUsageTests {

	@Test
	void aProducerNeedsWriteOnEachTopicItWrites() {
		assertThat(TopicUsage.writing("events", "rejected").requiredOperations()).containsExactly(
				entry("events", Set.of(AclOperation.WRITE)), entry("rejected", Set.of(AclOperation.WRITE)));
	}

	@Test
	void aConsumerThatDeadLettersNeedsReadOnItsInputAndWriteOnItsDeadLetters() {
		assertThat(TopicUsage.reading("events").andWriting("events.dlt").requiredOperations()).containsExactly(
				entry("events", Set.of(AclOperation.READ)), entry("events.dlt", Set.of(AclOperation.WRITE)));
	}

	@Test
	void aTopicBothReadAndWrittenIsListedOnceWithBothOperations() {
		TopicUsage usage = TopicUsage.reading("events", "audit").andWriting("events");
		assertThat(usage.requiredOperations()).containsExactly(
				entry("events", Set.of(AclOperation.READ, AclOperation.WRITE)),
				entry("audit", Set.of(AclOperation.READ)));
	}

	@Test
	void theDeclaredListsCannotBeChangedAfterwards() {
		TopicUsage usage = TopicUsage.writing("events");
		assertThat(usage.reads()).isEmpty();
		assertThat(usage.writes()).containsExactly("events").isUnmodifiable();
	}

}
