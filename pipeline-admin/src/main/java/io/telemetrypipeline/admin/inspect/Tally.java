package io.telemetrypipeline.admin.inspect;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one source: in total, by reason, by device and by time bucket, the
 * earliest and latest, and a few samples per reason.
 */
final class Tally {

	private static final int ABBREVIATE = 200;

	private final String source;

	private final int samplesPerReason;

	private final Duration bucket;

	private final Map<String, Long> byReason = new TreeMap<>();

	private final Map<String, Long> byDevice = new TreeMap<>();

	private final Map<Instant, Long> byTime = new TreeMap<>();

	private final Map<String, List<Sample>> samples = new TreeMap<>();

	private final Map<String, Object> notes = new LinkedHashMap<>();

	private long total;

	private Instant earliest;

	private Instant latest;

	Tally(String source, int samplesPerReason, Duration bucket) {
		this.source = source;
		this.samplesPerReason = samplesPerReason;
		this.bucket = bucket;
	}

	void add(String reason, String device, Instant time, String where, String detail, String body) {
		this.total++;
		this.byReason.merge(reason, 1L, Long::sum);
		this.byDevice.merge((device != null) ? device : "(none)", 1L, Long::sum);
		this.byTime.merge(bucketOf(time), 1L, Long::sum);
		this.earliest = (this.earliest == null || time.isBefore(this.earliest)) ? time : this.earliest;
		this.latest = (this.latest == null || time.isAfter(this.latest)) ? time : this.latest;
		List<Sample> ofReason = this.samples.computeIfAbsent(reason, (key) -> new ArrayList<>());
		if (ofReason.size() < this.samplesPerReason) {
			ofReason.add(new Sample(where, device, time, abbreviate(detail), abbreviate(body)));
		}
	}

	void note(String name, Object value) {
		this.notes.put(name, value);
	}

	long total() {
		return this.total;
	}

	Map<String, Long> byReason() {
		return this.byReason;
	}

	Map<String, Long> byDevice() {
		return this.byDevice;
	}

	private Instant bucketOf(Instant time) {
		long millis = this.bucket.toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), millis) * millis);
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return null;
		}
		String line = text.replace('\n', ' ').replace('\r', ' ');
		return (line.length() <= ABBREVIATE) ? line
				: line.substring(0, ABBREVIATE) + "... (" + line.length() + " chars)";
	}

	void print(PrintWriter out, int topDevices) {
		out.printf("%s: %d%s%n", this.source, this.total,
				(this.total > 0) ? ", put aside from " + this.earliest + " to " + this.latest : "");
		this.notes.forEach((name, value) -> out.printf("  %s: %s%n", name, value));
		if (this.total == 0) {
			out.flush();
			return;
		}
		out.printf("  by reason%n");
		this.byReason.forEach((reason, count) -> out.printf("    %-32s %d%n", reason, count));
		out.printf("  by device (top %d of %d)%n", Math.min(topDevices, this.byDevice.size()), this.byDevice.size());
		top(topDevices).forEach((device, count) -> out.printf("    %-32s %d%n", device, count));
		out.printf("  by time (%s buckets)%n", this.bucket);
		this.byTime.forEach((start, count) -> out.printf("    %-32s %d%n", start, count));
		out.printf("  samples%n");
		this.samples.forEach((reason, list) -> list.forEach((sample) -> {
			out.printf("    [%s] %s device %s at %s%n", reason, sample.where(), sample.device(), sample.time());
			if (sample.detail() != null) {
				out.printf("      why:  %s%n", sample.detail());
			}
			if (sample.body() != null) {
				out.printf("      body: %s%n", sample.body());
			}
		}));
		out.flush();
	}

	Map<String, Object> toMap(int topDevices) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("source", this.source);
		map.put("total", this.total);
		map.put("earliest", (this.earliest != null) ? this.earliest.toString() : null);
		map.put("latest", (this.latest != null) ? this.latest.toString() : null);
		map.putAll(this.notes);
		map.put("byReason", this.byReason);
		map.put("byDevice", top(topDevices));
		Map<String, Long> times = new LinkedHashMap<>();
		this.byTime.forEach((start, count) -> times.put(start.toString(), count));
		map.put("byTime", times);
		List<Map<String, Object>> all = new ArrayList<>();
		this.samples.forEach((reason, list) -> list.forEach((sample) -> {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("reason", reason);
			one.put("where", sample.where());
			one.put("device", sample.device());
			one.put("time", sample.time().toString());
			one.put("detail", sample.detail());
			one.put("body", sample.body());
			all.add(one);
		}));
		map.put("samples", all);
		return map;
	}

	private Map<String, Long> top(int count) {
		Map<String, Long> top = new LinkedHashMap<>();
		this.byDevice.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(count)
			.forEach((entry) -> top.put(entry.getKey(), entry.getValue()));
		return top;
	}

	private record Sample(String where, String device, Instant time, String detail, String body) {
	}

}
