package io.telemetrypipeline.admin.setaside;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that select set-aside records, the same for every command that reads them.
 */
public class SelectionOptions {

	@Spec(Spec.Target.MIXEE)
	CommandSpec spec;

	@Option(names = "--reason", split = ",", paramLabel = "REASON",
			description = "Only records put aside for this reason (repeatable, or comma-separated), "
					+ "e.g. write-rejected, invalid-event, invalid-readings.")
	List<String> reasons = new ArrayList<>();

	@Option(names = "--device", split = ",", paramLabel = "DEVICE",
			description = "Only records of this device, the record's key; '*' matches any characters "
					+ "(repeatable, or comma-separated).")
	List<String> devices = new ArrayList<>();

	@Option(names = "--from", paramLabel = "INSTANT",
			description = "Only records put aside at or after this instant (ISO-8601, e.g. 2026-11-24T10:00:00Z).")
	String from;

	@Option(names = "--to", paramLabel = "INSTANT", description = "Only records put aside before this instant.")
	String to;

	@Option(names = "--offsets", split = ",", paramLabel = "PARTITION[:FIRST-END]",
			description = "Only these offsets, end exclusive, e.g. 3:100-200, 3:100- or 3 (repeatable); "
					+ "partitions not named are left out.")
	List<String> offsets = new ArrayList<>();

	/**
	 * The selection these options describe.
	 * @return the selection
	 * @throws ParameterException when an option's value is not valid
	 */
	public Selection selection() {
		try {
			List<OffsetRange> ranges = this.offsets.stream().map(OffsetRange::parse).toList();
			return new Selection(new HashSet<>(this.reasons), this.devices, instant("--from", this.from),
					instant("--to", this.to), Selection.byPartition(ranges));
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage(), ex);
		}
	}

	private static Instant instant(String option, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					option + " '" + value + "' is not an ISO-8601 instant such as 2026-11-24T10:00:00Z", ex);
		}
	}

}
