package io.telemetrypipeline.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The targets the services are held to, each computed from the run itself.
 */
final class Targets {

	static final double MIN_END_TO_END_RATE = 2_300;

	/** The device summaries may cost at most 10 % of persistence-service's throughput. */
	static final double MAX_DEVICE_SUMMARY_COST = 0.9;

	private Targets() {
	}

	/**
	 * Evaluates every target.
	 * @param report the run
	 * @return one verdict per target, in a fixed order
	 */
	static List<Verdict> evaluate(BenchmarkReport report) {
		List<Verdict> verdicts = new ArrayList<>();
		double ingest = report.throughput(Stage.INGEST);
		double persistence = report.throughput(Stage.PERSISTENCE);
		double endToEnd = report.throughput(Stage.END_TO_END);
		verdicts.add(atLeast("ingest alone >= 0.8 x raw SQS at N threads", ingest,
				0.8 * report.throughput(Stage.RAW_SQS_N), "msg/s"));
		verdicts.add(atLeast("remote: ingest alone >= 0.8 x raw SQS at N threads",
				report.throughput(Stage.REMOTE_INGEST), 0.8 * report.throughput(Stage.REMOTE_RAW_SQS_N), "msg/s"));
		verdicts.add(atLeast("persistence alone >= 0.8 x raw insertMany (3 threads)", persistence,
				0.8 * report.throughput(Stage.RAW_MONGO_3), "msg/s"));
		verdicts.add(atLeast("persistence alone >= 1.5 x connector (insert)", persistence,
				1.5 * report.throughput(Stage.PEER_INSERT), "msg/s"));
		verdicts.add(atLeast("device summaries: persistence alone >= 0.9 x without them (all rounds)",
				report.deviceRounds().isEmpty() ? Double.NaN : DeviceRound.throughputRatio(report.deviceRounds()),
				MAX_DEVICE_SUMMARY_COST, "x"));
		verdicts.add(atLeast("end to end >= 0.8 x min(ingest, persistence)", endToEnd,
				0.8 * Math.min(ingest, persistence), "msg/s"));
		verdicts.add(atLeast("end to end >= 2,300 readings/s (5 x 460)", endToEnd, MIN_END_TO_END_RATE, "msg/s"));
		PacedLoad.Result paced = report.paced();
		double p99 = (paced != null) ? paced.latencies().fromScheduled().p99() : Double.NaN;
		double p50 = (paced != null) ? paced.latencies().fromScheduled().p50() : Double.NaN;
		verdicts.add(atMost("paced load: p99 (stored - scheduled) <= 100 ms", p99, 100, "ms"));
		verdicts.add(atMost("paced load: p50 (stored - scheduled) <= 25 ms", p50, 25, "ms"));
		double p99Received = (paced != null) ? paced.latencies().fromReceived().p99() : Double.NaN;
		verdicts.add(atMost("first reading after an idle gap <= the paced p99 (from SQS arrival)",
				(paced != null) ? paced.slowestIdleFromReceived() : Double.NaN, p99Received, "ms"));
		verdicts.add(atMost("ingest CPU per 1,000 messages <= 0.3 s", cpu(report, Stage.INGEST, ServiceStages.INGEST),
				0.3, "s"));
		verdicts.add(atMost("persistence CPU per 1,000 messages <= 0.1 s",
				cpu(report, Stage.PERSISTENCE, ServiceStages.PERSISTENCE), 0.1, "s"));
		verdicts.add(atMost("service heap after GC <= 256 MiB", largestServiceHeap(report), 256, "MiB"));
		verdicts.add(atMost("service RSS growth over the paced load (last third / first third) <= 1.1", (paced != null)
				? paced.memory().stream().mapToDouble(PacedLoad.Memory::growth).max().orElse(Double.NaN) : Double.NaN,
				PacedLoad.Memory.MAX_GROWTH, "x"));
		return verdicts;
	}

	private static double cpu(BenchmarkReport report, Stage stage, String role) {
		return usage(report, stage, role, ProcessUsage::cpuSecondsPer1000);
	}

	private static double usage(BenchmarkReport report, Stage stage, String role,
			ToDoubleFunction<ProcessUsage> value) {
		StageResult result = report.stages().get(stage);
		if (result == null) {
			return Double.NaN;
		}
		return result.usage()
			.stream()
			.filter((usage) -> usage.role().equals(role))
			.mapToDouble(value)
			.findFirst()
			.orElse(Double.NaN);
	}

	private static double largestServiceHeap(BenchmarkReport report) {
		return report.stages()
			.values()
			.stream()
			.flatMap((result) -> result.usage().stream())
			.filter((usage) -> usage.role().equals(ServiceStages.INGEST)
					|| usage.role().equals(ServiceStages.PERSISTENCE))
			.mapToDouble(ProcessUsage::heapAfterGcMiB)
			.filter((heap) -> !Double.isNaN(heap))
			.max()
			.orElse(Double.NaN);
	}

	private static Verdict atLeast(String target, double measured, double required, String unit) {
		return new Verdict(target, measured, ">= " + ResultsTable.number(required) + " " + unit,
				(Double.isNaN(measured) || Double.isNaN(required)) ? Outcome.NOT_RUN
						: (measured >= required) ? Outcome.PASS : Outcome.MISS,
				unit);
	}

	private static Verdict atMost(String target, double measured, double limit, String unit) {
		return new Verdict(target, measured, "<= " + ResultsTable.number(limit) + " " + unit,
				Double.isNaN(measured) ? Outcome.NOT_RUN : (measured <= limit) ? Outcome.PASS : Outcome.MISS, unit);
	}

	enum Outcome {

		PASS, MISS, NOT_RUN

	}

	/**
	 * One target's verdict.
	 *
	 * @param target what is required
	 * @param measured the measured value
	 * @param required the bound, as text
	 * @param outcome the verdict
	 * @param unit the unit of the measured value
	 */
	record Verdict(String target, double measured, String required, Outcome outcome, String unit) {
	}

}
