package io.telemetrypipeline.benchmarks;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured: where, with which settings, each stage's result, the
 * rounds of persistence-service with and without its device summaries, and the paced
 * load's latencies. Filled stage by stage, so a failed run still shows what it measured
 * before the failure.
 */
final class BenchmarkReport {

	private final Machine machine;

	private final BenchmarkSettings settings;

	private final Map<Stage, StageResult> stages = new EnumMap<>(Stage.class);

	private PacedLoad.Result paced;

	private List<DeviceRound> deviceRounds = List.of();

	private String failure;

	BenchmarkReport(Machine machine, BenchmarkSettings settings) {
		this.machine = machine;
		this.settings = settings;
	}

	synchronized void add(StageResult result) {
		this.stages.put(result.stage(), result);
	}

	synchronized void paced(PacedLoad.Result result) {
		this.paced = result;
		add(result.result());
	}

	synchronized void deviceRounds(List<DeviceRound> rounds) {
		this.deviceRounds = List.copyOf(rounds);
	}

	synchronized List<DeviceRound> deviceRounds() {
		return this.deviceRounds;
	}

	synchronized void failed(String failure) {
		this.failure = failure;
	}

	Machine machine() {
		return this.machine;
	}

	BenchmarkSettings settings() {
		return this.settings;
	}

	synchronized Map<Stage, StageResult> stages() {
		return new EnumMap<>(this.stages);
	}

	synchronized PacedLoad.Result paced() {
		return this.paced;
	}

	synchronized String failure() {
		return this.failure;
	}

	/**
	 * Throughput of a stage.
	 * @param stage the stage
	 * @return messages per second, {@code NaN} when it did not run
	 */
	double throughput(Stage stage) {
		StageResult result = stages().get(stage);
		return (result != null) ? result.throughput() : Double.NaN;
	}

}
