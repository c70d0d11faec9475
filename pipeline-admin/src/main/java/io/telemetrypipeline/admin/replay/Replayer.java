package io.telemetrypipeline.admin.replay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.telemetrypipeline.admin.config.AdminProperties;
import io.telemetrypipeline.admin.console.Interruption;
import io.telemetrypipeline.admin.console.Pace;
import io.telemetrypipeline.admin.console.Progress;
import io.telemetrypipeline.admin.setaside.KafkaClients;
import io.telemetrypipeline.admin.setaside.Selection;
import io.telemetrypipeline.admin.setaside.SetAside;
import io.telemetrypipeline.admin.setaside.TopicScan;
import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.stereotype.Component;

/**
 * Replays a set-aside topic into the events topic, batch by batch: each poll's selected
 * records are sent with the idempotent {@code acks=all} producer, the batch waits until
 * Kafka acknowledged every one of them, and only then are the batch's offsets committed
 * to the tool's consumer group. Interrupted at any point, a rerun continues from the
 * committed offsets and sends at most the unacknowledged batch again, which
 * persistence-service stores once by event id. A record Kafka refuses for good because of
 * itself (too large, invalid) is reported and passed; any other failure (an outage, a
 * missing ACL) stops the replay before that batch is committed. A dry run reads the same
 * records from the same committed offsets and sends and commits nothing.
 */
@Slf4j
@Component
class Replayer {

	private final KafkaClients clients;

	private final AdminProperties properties;

	private final Interruption interruption;

	Replayer(KafkaClients clients, AdminProperties properties, Interruption interruption) {
		this.clients = clients;
		this.properties = properties;
		this.interruption = interruption;
	}

	/**
	 * Replays the selected records of a source.
	 * @param source the topic and what its records become
	 * @param target the events topic
	 * @param options the command's options
	 * @param out where the report goes
	 * @param err where progress goes
	 * @return whether the replay went through every planned offset
	 * @throws ReplayFailedException when Kafka did not acknowledge a batch
	 */
	boolean replay(ReplaySource source, String target, ReplayOptions options, PrintWriter out, PrintWriter err) {
		Selection selection = options.selection.selection();
		String group = (options.group != null) ? options.group : this.properties.group();
		ReplayReport report = new ReplayReport(source.topic(), options.dryRun);
		try (Consumer<String, byte[]> consumer = this.clients.committer(group);
				Producer<String, byte[]> producer = options.dryRun ? null : this.clients.producer()) {
			Duration timeout = this.properties.sendTimeout();
			Set<TopicPartition> partitions = consumer.partitionsFor(source.topic(), timeout)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.collect(Collectors.toSet());
			Map<TopicPartition, OffsetAndMetadata> committed = options.restart ? Map.of()
					: withoutNulls(consumer.committed(partitions, timeout));
			TopicScan scan = TopicScan.plan(consumer, source.topic(), selection, committed, timeout);
			Map<TopicPartition, Long> starts = new HashMap<>();
			scan.ranges().forEach((range) -> starts.put(range.partition(), range.start()));
			Map<TopicPartition, Long> reached = new HashMap<>(starts);
			Progress progress = Progress.start(err, options.progress, source.topic(), scan.total(),
					this.properties.progressInterval());
			Pace pace = Pace.of(options.rate);
			boolean complete = scan.read(this.properties.pollTimeout(), (records, positions) -> {
				List<Sent> sent = new ArrayList<>();
				report.scanned(records.size());
				for (ConsumerRecord<String, byte[]> record : records) {
					SetAside setAside = SetAside.of(source.kind(), record);
					if (!selection.matches(setAside)) {
						continue;
					}
					report.selected();
					switch (source.convert(setAside)) {
						case Outcome.Skip skip -> report.skipped(setAside, skip);
						case Outcome.Publish publish -> {
							if (options.dryRun) {
								report.published();
							}
							else {
								pace.acquire();
								sent.add(new Sent(setAside, publish, producer.send(publish.record())));
							}
						}
					}
				}
				if (!options.dryRun) {
					acknowledge(producer, sent, report);
					if (!positions.isEmpty()) {
						consumer.commitSync(offsets(positions), timeout);
						report.committed(positions);
					}
				}
				reached.putAll(positions);
				progress.update(done(starts, reached), report.summary());
			}, this.interruption::requested);
			progress.finish(done(starts, reached), report.summary());
			report.print(out, target, group, scan, complete);
			log.info("Replay of {} {}: {} replayed, {} not replayed", source.topic(),
					complete ? "complete" : "interrupted", report.publishedCount(), report.notReplayed());
			return complete;
		}
	}

	/**
	 * Waits until Kafka acknowledged every record of the batch. A record Kafka refused
	 * for good because of itself is reported; any other failure stops the replay before
	 * the batch is committed.
	 * @param producer the producer that sent them
	 * @param sent the batch's records and their acknowledgements to come
	 * @param report the report that counts them
	 */
	private void acknowledge(Producer<String, byte[]> producer, List<Sent> sent, ReplayReport report) {
		producer.flush();
		long deadline = System.nanoTime() + this.properties.sendTimeout().toNanos();
		for (Sent one : sent) {
			try {
				one.acknowledgement().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				report.published();
			}
			catch (ExecutionException ex) {
				if (!refusedForGood(ex.getCause())) {
					throw new ReplayFailedException(
							"Kafka did not acknowledge " + one.publish().eventId() + " from " + one.source().position()
									+ "; nothing of this batch was committed, run the command " + "again to continue",
							ex.getCause());
				}
				report.refused(one.source(), "Kafka refused " + one.publish().eventId() + " for good: "
						+ ex.getCause().getClass().getSimpleName() + ": " + ex.getCause().getMessage());
			}
			catch (TimeoutException ex) {
				throw new ReplayFailedException(
						"Kafka did not acknowledge the batch within " + this.properties.sendTimeout()
								+ "; nothing of it was committed, run the command again " + "to continue",
						ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ReplayFailedException(
						"Interrupted while waiting for Kafka; nothing of this batch was " + "committed", ex);
			}
		}
	}

	/**
	 * Whether Kafka refused a record because of that record alone, for good: sending it
	 * again can never succeed, and the others are not affected.
	 * @param failure the send's failure
	 * @return whether it is the record's own
	 */
	static boolean refusedForGood(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
					|| cause instanceof InvalidRecordException || cause instanceof SerializationException) {
				return true;
			}
		}
		return false;
	}

	private static Map<TopicPartition, OffsetAndMetadata> offsets(Map<TopicPartition, Long> positions) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		positions.forEach((partition, position) -> offsets.put(partition, new OffsetAndMetadata(position)));
		return offsets;
	}

	private static Map<TopicPartition, OffsetAndMetadata> withoutNulls(Map<TopicPartition, OffsetAndMetadata> map) {
		Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
		map.forEach((partition, offset) -> {
			if (offset != null) {
				present.put(partition, offset);
			}
		});
		return present;
	}

	private static long done(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> reached) {
		return reached.entrySet().stream().mapToLong((entry) -> entry.getValue() - starts.get(entry.getKey())).sum();
	}

	/** A record sent, and Kafka's answer to come. */
	private record Sent(SetAside source, Outcome.Publish publish, Future<RecordMetadata> acknowledgement) {
	}

}
