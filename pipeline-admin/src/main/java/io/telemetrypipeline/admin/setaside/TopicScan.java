package io.telemetrypipeline.admin.setaside;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Goes through a topic's offsets once, from a start to an end fixed when the scan is
 * planned, so that a command ends even while new records arrive: a plan per partition
 * (its start: the beginning, the committed offset of the command's group, the first
 * offset at {@code --from}, the first of {@code --offsets}; its end: the end of the
 * partition at planning time, or the end of {@code --offsets}), then the records batch by
 * batch with the positions reached. The consumer is assigned its partitions; it never
 * joins a group.
 */
public final class TopicScan {

	private final Consumer<String, byte[]> consumer;

	private final List<Range> ranges;

	private final Duration requestTimeout;

	private TopicScan(Consumer<String, byte[]> consumer, List<Range> ranges, Duration requestTimeout) {
		this.consumer = consumer;
		this.ranges = List.copyOf(ranges);
		this.requestTimeout = requestTimeout;
	}

	/**
	 * Plans a scan of a topic.
	 * @param consumer the consumer
	 * @param topic the topic
	 * @param selection the selection, whose time and offset bounds narrow the ranges
	 * @param committed the committed offsets to resume from, empty to start at the
	 * beginning
	 * @param timeout how long a metadata or offset request may take
	 * @return the planned scan
	 * @throws IllegalStateException when the topic does not exist or cannot be described
	 */
	public static TopicScan plan(Consumer<String, byte[]> consumer, String topic, Selection selection,
			Map<TopicPartition, OffsetAndMetadata> committed, Duration timeout) {
		List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
		if (infos == null || infos.isEmpty()) {
			throw new IllegalStateException(
					"Topic " + topic + " does not exist (or this principal may not describe it)");
		}
		List<TopicPartition> partitions = infos.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
			.toList();
		Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
		Map<TopicPartition, OffsetAndTimestamp> atFrom = new HashMap<>();
		if (selection.from() != null) {
			Map<TopicPartition, Long> query = new HashMap<>();
			partitions.forEach((partition) -> query.put(partition, selection.from().toEpochMilli()));
			atFrom.putAll(consumer.offsetsForTimes(query, timeout));
		}
		List<Range> ranges = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			long start = beginning.get(partition);
			long stop = end.get(partition);
			OffsetAndMetadata resume = committed.get(partition);
			if (resume != null) {
				start = Math.max(start, resume.offset());
			}
			if (selection.from() != null) {
				OffsetAndTimestamp first = atFrom.get(partition);
				start = Math.max(start, (first != null) ? first.offset() : stop);
			}
			if (!selection.offsets().isEmpty()) {
				OffsetRange range = selection.offsets().get(partition.partition());
				start = (range != null) ? Math.max(start, range.first()) : stop;
				stop = (range != null) ? Math.min(stop, range.end()) : stop;
			}
			ranges.add(new Range(partition, start, Math.max(start, stop)));
		}
		return new TopicScan(consumer, ranges, timeout);
	}

	/**
	 * The planned range of each partition.
	 * @return the ranges, by partition
	 */
	public List<Range> ranges() {
		return this.ranges;
	}

	/**
	 * How many offsets the scan goes through.
	 * @return the sum of the ranges' sizes
	 */
	public long total() {
		return this.ranges.stream().mapToLong(Range::size).sum();
	}

	/**
	 * Reads the planned ranges, one poll at a time, until every partition reached its end
	 * or {@code stop} says so (checked between batches).
	 * @param pollTimeout how long a poll waits
	 * @param batch what to do with each poll's records within the ranges, and the
	 * position each partition reached with them
	 * @param stop whether to stop before the next poll
	 * @return whether every partition reached its end
	 */
	public boolean read(Duration pollTimeout, Batch batch, BooleanSupplier stop) {
		Map<TopicPartition, Range> open = new LinkedHashMap<>();
		this.ranges.stream().filter((range) -> range.size() > 0).forEach((range) -> open.put(range.partition(), range));
		if (open.isEmpty()) {
			return true;
		}
		this.consumer.assign(open.keySet());
		open.values().forEach((range) -> this.consumer.seek(range.partition(), range.start()));
		while (!open.isEmpty()) {
			if (stop.getAsBoolean()) {
				return false;
			}
			ConsumerRecords<String, byte[]> polled = this.consumer.poll(pollTimeout);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
			for (ConsumerRecord<String, byte[]> record : polled) {
				Range range = open.get(new TopicPartition(record.topic(), record.partition()));
				if (range != null && record.offset() < range.end()) {
					records.add(record);
				}
			}
			Map<TopicPartition, Long> positions = new LinkedHashMap<>();
			for (Range range : open.values()) {
				positions.put(range.partition(),
						Math.min(this.consumer.position(range.partition(), this.requestTimeout), range.end()));
			}
			batch.accept(records, positions);
			positions.forEach((partition, position) -> {
				if (position >= open.get(partition).end()) {
					open.remove(partition);
				}
			});
			pauseDone(open.keySet());
		}
		return true;
	}

	private void pauseDone(Collection<TopicPartition> stillOpen) {
		List<TopicPartition> done = this.consumer.assignment()
			.stream()
			.filter((partition) -> !stillOpen.contains(partition))
			.toList();
		this.consumer.pause(done);
	}

	/**
	 * The offsets of one partition a scan goes through.
	 *
	 * @param partition the partition
	 * @param start the first offset
	 * @param end the offset after the last
	 */
	public record Range(TopicPartition partition, long start, long end) {

		public long size() {
			return this.end - this.start;
		}

	}

	/** What a scan does with each poll's records. */
	@FunctionalInterface
	public interface Batch {

		/**
		 * Handles one poll's records.
		 * @param records the records within the planned ranges, in partition order
		 * @param positions each open partition's next offset after these records
		 */
		void accept(List<ConsumerRecord<String, byte[]>> records, Map<TopicPartition, Long> positions);

	}

}
