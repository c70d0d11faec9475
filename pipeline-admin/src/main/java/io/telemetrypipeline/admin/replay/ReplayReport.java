package io.telemetrypipeline.admin.replay;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.telemetrypipeline.admin.setaside.SetAside;
import io.telemetrypipeline.admin.setaside.TopicScan;
import org.apache.kafka.common.TopicPartition;

/**
 * What a replay did, record by record counted, for the operator: how many records it went
 * through, selected, published (or, in a dry run, would publish), and each reason it did
 * not replay a record, with where those records are.
 */
final class ReplayReport {

	/** How many positions of not-replayed records are listed per reason. */
	static final int LISTED = 20;

	private final String topic;

	private final boolean dryRun;

	private final Map<String, List<String>> skipped = new TreeMap<>();

	private final Map<String, Long> skippedCounts = new TreeMap<>();

	private final Map<TopicPartition, Long> committed = new TreeMap<>(
			(a, b) -> Integer.compare(a.partition(), b.partition()));

	private long scanned;

	private long selected;

	private long published;

	private long refused;

	ReplayReport(String topic, boolean dryRun) {
		this.topic = topic;
		this.dryRun = dryRun;
	}

	void scanned(int records) {
		this.scanned += records;
	}

	void selected() {
		this.selected++;
	}

	void published() {
		this.published++;
	}

	void skipped(SetAside record, Outcome.Skip skip) {
		this.skippedCounts.merge(skip.category(), 1L, Long::sum);
		List<String> listed = this.skipped.computeIfAbsent(skip.category(), (category) -> new ArrayList<>());
		if (listed.size() < LISTED) {
			listed.add(record.position() + " (device " + record.device() + "): " + skip.detail());
		}
	}

	void refused(SetAside record, String detail) {
		this.refused++;
		skipped(record, new Outcome.Skip("refused-by-kafka", detail));
	}

	void committed(Map<TopicPartition, Long> positions) {
		this.committed.putAll(positions);
	}

	long publishedCount() {
		return this.published;
	}

	long notReplayed() {
		return this.skippedCounts.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * The counts so far, for the progress line.
	 * @return e.g. {@code 120 replayed, 3 not replayed}
	 */
	String summary() {
		return this.published + (this.dryRun ? " to replay" : " replayed") + ", " + notReplayed() + " not replayed";
	}

	void print(PrintWriter out, String target, String group, TopicScan scan, boolean complete) {
		out.printf("%s %s -> %s%s%n", this.dryRun ? "dry run of replay" : "replay", this.topic, target,
				this.dryRun ? " (nothing sent, nothing committed)" : " (progress: consumer group " + group + ")");
		out.printf("  offsets to go through  %d (%s)%n", scan.total(), ranges(scan));
		out.printf("  records read           %d%n", this.scanned);
		out.printf("  selected               %d%n", this.selected);
		out.printf("  %-22s %d%n", this.dryRun ? "would replay" : "replayed", this.published);
		out.printf("  not replayed           %d%n", notReplayed());
		this.skippedCounts.forEach((category, count) -> {
			out.printf("    %-30s %d%n", category, count);
			List<String> listed = this.skipped.get(category);
			listed.forEach((line) -> out.printf("      %s%n", line));
			if (count > listed.size()) {
				out.printf("      ... and %d more%n", count - listed.size());
			}
		});
		if (!this.dryRun && !this.committed.isEmpty()) {
			StringBuilder offsets = new StringBuilder();
			this.committed.forEach((partition,
					offset) -> offsets.append(' ').append(partition.partition()).append(':').append(offset));
			out.printf("  committed offsets     %s%n", offsets);
		}
		if (!complete) {
			out.printf("  stopped before the end: everything up to the committed offsets is done; "
					+ "run the same command again to continue%n");
		}
		out.flush();
	}

	private static String ranges(TopicScan scan) {
		StringBuilder text = new StringBuilder("partition:start-end");
		for (TopicScan.Range range : scan.ranges()) {
			text.append(' ')
				.append(range.partition().partition())
				.append(':')
				.append(range.start())
				.append('-')
				.append(range.end());
		}
		return text.toString();
	}

}
