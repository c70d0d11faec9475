package io.telemetrypipeline.autoconfigure.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.kafka.common.acl.AclOperation;

/**
 * The Kafka topics a service reads and writes, declared by the service as a bean. From it
 * the auto-configuration creates those topics (with {@code telemetry.topics.create=true})
 * and checks, for readiness, that each exists and that the service may read or write it.
 *
 * @param reads the topics the service consumes
 * @param writes the topics the service produces to
 */
public record TopicUsage(List<String> reads, List<String> writes) {

	public TopicUsage {
		reads = List.copyOf(reads);
		writes = List.copyOf(writes);
	}

	/**
	 * A service that only consumes.
	 * @param topics the topics it reads
	 * @return the usage
	 */
	public static TopicUsage reading(String... topics) {
		return new TopicUsage(List.of(topics), List.of());
	}

	/**
	 * A service that only produces.
	 * @param topics the topics it writes
	 * @return the usage
	 */
	public static TopicUsage writing(String... topics) {
		return new TopicUsage(List.of(), List.of(topics));
	}

	/**
	 * This usage, also writing the given topics.
	 * @param topics more topics the service writes
	 * @return the extended usage
	 */
	public TopicUsage andWriting(String... topics) {
		return new TopicUsage(this.reads, Stream.concat(this.writes.stream(), Stream.of(topics)).toList());
	}

	/**
	 * The operations the service performs on each topic, in the order declared.
	 * @return topic name to {@code READ} and/or {@code WRITE}
	 */
	Map<String, Set<AclOperation>> requiredOperations() {
		Map<String, Set<AclOperation>> required = new LinkedHashMap<>();
		this.reads
			.forEach((topic) -> required.computeIfAbsent(topic, (name) -> new TreeSet<>()).add(AclOperation.READ));
		this.writes
			.forEach((topic) -> required.computeIfAbsent(topic, (name) -> new TreeSet<>()).add(AclOperation.WRITE));
		return required;
	}

}
