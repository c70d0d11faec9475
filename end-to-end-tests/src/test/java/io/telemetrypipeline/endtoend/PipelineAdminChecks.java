package io.telemetrypipeline.endtoend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the replay scenarios look at besides the readings: a consumer group's committed
 * offsets, a topic's end offsets, the stored event ids of a scenario, and a count in the
 * tool's report.
 */
final class PipelineAdminChecks {

	private PipelineAdminChecks() {
	}

	static Map<TopicPartition, Long> committed(Map<String, Object> adminConfig, String group) {
		try (Admin admin = Admin.create(adminConfig)) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			return offsets.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() != null)
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Cannot read the offsets of group " + group, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Map<TopicPartition, Long> endOffsets(Map<String, Object> adminConfig, String topic) {
		try (Admin admin = Admin.create(adminConfig)) {
			List<TopicPartition> partitions = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic)
				.partitions()
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			return admin
				.listOffsets(partitions.stream()
					.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest())))
				.all()
				.get(30, TimeUnit.SECONDS)
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Cannot read the end offsets of " + topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The event ids stored for the devices whose id starts with {@code prefix}. */
	static List<String> storedIds(String mongoUri, String prefix) {
		try (MongoClient client = MongoClients.create(mongoUri)) {
			return client.getDatabase("telemetry")
				.getCollection("readings")
				.find(new Document("deviceId", new Document("$regex", "^" + Pattern.quote(prefix))))
				.map((document) -> document.getString("_id"))
				.into(new ArrayList<>());
		}
	}

	/**
	 * Checks one line of the tool's report: {@code label} followed by {@code count}.
	 * @param report the report
	 * @param label e.g. {@code replayed}
	 * @param count the expected count
	 */
	static void assertReports(String report, String label, long count) {
		assertThat(report).as("report line '%s'", label)
			.containsPattern("(?m)^\\s*" + Pattern.quote(label) + "\\s+" + count + "\\s*$");
	}

}
