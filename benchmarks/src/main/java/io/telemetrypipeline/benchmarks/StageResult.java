package io.telemetrypipeline.benchmarks;

import java.util.List;

/**
 * The outcome of one stage, whose messages were all checked to arrive exactly once.
 *
 * @param stage the stage
 * @param messages messages in the processing window
 * @param seconds length of the processing window
 * @param throughput messages per second over the window
 * @param startup start-up of the stage's service, {@code null} for the raw stages
 * @param note what else a reader needs, e.g. the settings used
 * @param usage cost of each process over the window
 */
record StageResult(Stage stage, long messages, double seconds, double throughput, Startup startup, String note,
		List<ProcessUsage> usage) {

	static StageResult of(Stage stage, ProgressWatch.Window window, Startup startup, String note) {
		return new StageResult(stage, window.messages(), window.seconds(), window.throughput(), startup, note,
				ResourceWindow.withMemory(window.cpu()));
	}

	/**
	 * Start-up of the process under test, measured from its launch.
	 *
	 * @param readySeconds until its readiness probe answered 200
	 * @param firstOutputSeconds until its first output was observed
	 */
	record Startup(double readySeconds, double firstOutputSeconds) {
	}

}
