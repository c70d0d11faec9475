package io.telemetrypipeline.admin.replay;

import io.telemetrypipeline.admin.console.Progress;
import io.telemetrypipeline.admin.setaside.SelectionOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of both replays: the selection, a dry run, the rate, where progress is kept
 * and how it is shown.
 */
class ReplayOptions {

	@Mixin
	SelectionOptions selection;

	@Option(names = "--dry-run", description = "Read and report what would be replayed; send nothing, commit nothing.")
	boolean dryRun;

	@Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
			description = "At most this many records per second to telemetry.events (default: no limit).")
	double rate;

	@Option(names = "--group", paramLabel = "GROUP",
			description = "The consumer group that holds the progress (default: telemetry.admin.group, "
					+ "pipeline-admin); the principal needs READ on it.")
	String group;

	@Option(names = "--restart",
			description = "Start at the beginning (or --from, --offsets) instead of the group's committed "
					+ "offsets; what was replayed before is sent again and stored once.")
	boolean restart;

	@Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
			description = "How progress is shown on stderr: ${COMPLETION-CANDIDATES} (default: auto, a bar on a "
					+ "terminal, a line every telemetry.admin.progress-interval otherwise).")
	Progress.Mode progress;

}
