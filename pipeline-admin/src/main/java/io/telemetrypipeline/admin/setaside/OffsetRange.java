package io.telemetrypipeline.admin.setaside;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offsets of one partition a command is limited to, from {@code first} up to but not
 * including {@code end}; written {@code PARTITION:FIRST-END}, {@code PARTITION:FIRST-}
 * (to the end) or {@code PARTITION} (the whole partition).
 *
 * @param partition the partition
 * @param first the first offset
 * @param end the offset after the last, {@link Long#MAX_VALUE} for the partition's end
 */
public record OffsetRange(int partition, long first, long end) {

	private static final Pattern FORM = Pattern.compile("(\\d+)(?::(\\d+)-(\\d*))?");

	public OffsetRange {
		if (partition < 0 || first < 0 || end < first) {
			throw new IllegalArgumentException("offsets " + partition + ":" + first + "-" + end
					+ " are not a range: partition and offsets are at least 0, and the end is not before the start");
		}
	}

	/**
	 * Reads {@code PARTITION:FIRST-END}, {@code PARTITION:FIRST-} or {@code PARTITION}.
	 * @param text the range as written
	 * @return the range
	 * @throws IllegalArgumentException when the text is not a range
	 */
	public static OffsetRange parse(String text) {
		Matcher matcher = FORM.matcher(text.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not PARTITION:FIRST-END (end exclusive), "
					+ "PARTITION:FIRST- or PARTITION, e.g. 3:100-200");
		}
		int partition = Integer.parseInt(matcher.group(1));
		if (matcher.group(2) == null) {
			return new OffsetRange(partition, 0, Long.MAX_VALUE);
		}
		long first = Long.parseLong(matcher.group(2));
		long end = matcher.group(3).isEmpty() ? Long.MAX_VALUE : Long.parseLong(matcher.group(3));
		return new OffsetRange(partition, first, end);
	}

	boolean contains(long offset) {
		return offset >= this.first && offset < this.end;
	}

}
