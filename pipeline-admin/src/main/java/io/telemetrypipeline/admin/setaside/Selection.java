package io.telemetrypipeline.admin.setaside;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which set-aside records a command is about: any of the reasons, any of the devices
 * ({@code *} matches any characters), put aside in {@code [from, to)}, and within the
 * offset ranges. An empty condition selects everything.
 *
 * @param reasons the reasons, none for any
 * @param devices device ids or patterns, none for any
 * @param from the earliest record timestamp, or {@code null}
 * @param to the record timestamp before which records are selected, or {@code null}
 * @param offsets the offset range per partition; partitions without one are not selected
 * when any is given
 */
public record Selection(Set<String> reasons, List<String> devices, Instant from, Instant to,
		Map<Integer, OffsetRange> offsets) {

	public Selection {
		reasons = Set.copyOf(reasons);
		devices = List.copyOf(devices);
		offsets = Map.copyOf(offsets);
		if (from != null && to != null && !from.isBefore(to)) {
			throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
		}
	}

	/**
	 * Everything.
	 * @return the selection of every record
	 */
	public static Selection all() {
		return new Selection(Set.of(), List.of(), null, null, Map.of());
	}

	/**
	 * A selection of offset ranges, at most one per partition.
	 * @param ranges the ranges
	 * @return partition to range
	 * @throws IllegalArgumentException when a partition has two ranges
	 */
	public static Map<Integer, OffsetRange> byPartition(List<OffsetRange> ranges) {
		return ranges.stream().collect(Collectors.toMap(OffsetRange::partition, Function.identity(), (a, b) -> {
			throw new IllegalArgumentException("partition " + a.partition() + " has two offset ranges");
		}));
	}

	/**
	 * Whether a record is selected.
	 * @param record the record
	 * @return {@code true} when it meets every condition
	 */
	public boolean matches(SetAside record) {
		return (this.reasons.isEmpty() || this.reasons.contains(record.reason())) && matchesDevice(record.device())
				&& (this.from == null || !record.timestamp().isBefore(this.from))
				&& (this.to == null || record.timestamp().isBefore(this.to))
				&& includes(record.record().partition(), record.record().offset());
	}

	/**
	 * Whether an offset of a partition lies in the selected ranges.
	 * @param partition the partition
	 * @param offset the offset
	 * @return {@code true} when no range is given or the offset is in its partition's
	 */
	public boolean includes(int partition, long offset) {
		if (this.offsets.isEmpty()) {
			return true;
		}
		OffsetRange range = this.offsets.get(partition);
		return range != null && range.contains(offset);
	}

	/**
	 * Whether a device is selected.
	 * @param device the device id, or {@code null} when none could be read
	 * @return {@code true} when no device is named or one matches
	 */
	public boolean matchesDevice(String device) {
		if (this.devices.isEmpty()) {
			return true;
		}
		if (device == null) {
			return false;
		}
		return this.devices.stream().anyMatch((pattern) -> glob(pattern).matcher(device).matches());
	}

	private static Pattern glob(String pattern) {
		return Pattern
			.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
	}

}
