package io.telemetrypipeline.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run as Markdown: machine and settings, throughput of each stage with its ratio to
 * its raw limit, cost per process, latency under the paced load, and the targets.
 */
final class ResultsTable {

	private ResultsTable() {
	}

	static String render(BenchmarkReport report) {
		StringBuilder out = new StringBuilder();
		Machine machine = report.machine();
		BenchmarkSettings settings = report.settings();
		out.append("# Benchmark results\n\n");
		out.append("- date: ").append(machine.date()).append('\n');
		out.append("- git: ").append(machine.gitRevision()).append('\n');
		out.append("- machine: ")
			.append(machine.cores())
			.append(" cores (")
			.append(machine.cpu())
			.append("), ")
			.append(machine.memoryGiB())
			.append(" GiB, ")
			.append(machine.os())
			.append('\n');
		out.append("- JDK: ").append(machine.jdk()).append('\n');
		out.append("- load average (1/5/15 min): ")
			.append(machine.loadAtStart())
			.append(" at the start, ")
			.append(Machine.loadAverage())
			.append(" at the end (above the core count, other work skewed the figures)\n");
		out.append(
				"- settings: %d readings per stage from %d devices, measured after %d warm-up readings in each service and peer stage; N = %d SQS client threads; paced load %.0f %% for %d s; remote SQS delay %d ms; device summaries compared over %d round(s)%s; services -Xmx256m%s\n"
					.formatted(settings.readings(), settings.devices(), settings.warmup(), settings.sqsThreads(),
							settings.pacedFraction() * 100, settings.pacedDuration().toSeconds(),
							settings.remoteDelay().toMillis(), settings.deviceRounds(),
							settings.persistenceOnly() ? "; persistence-service stages only" : "", tuning()));
		if (report.failure() != null) {
			out.append("\n**FAILED**: ").append(report.failure()).append('\n');
		}
		throughput(out, report);
		deviceSummaries(out, report);
		costs(out, report);
		latency(out, report);
		targets(out, report);
		out.append(
				"\nThroughput counts only the processing window (first output observed past the warm-up readings to the "
						+ "last), so a service stage measures the warm JVM; start-up is reported apart. CPU is utime + "
						+ "stime of each process over that window. The benchmark JVM hosts "
						+ "ElasticMQ, the MongoDB wire server and the benchmark's own clients. Heap after GC: `jcmd GC.run` then "
						+ "`GC.heap_info` at the end of the stage. Peak RSS is VmHWM, reset at the start of each stage where "
						+ "the kernel allows it; where it does not, the peak of the long-lived processes (broker, benchmark JVM) "
						+ "covers the run so far.\n");
		return out.toString();
	}

	/**
	 * The JVM options given to the services for a tuning experiment.
	 * @return {@code "; <service> with <options>"} for each service given options, empty
	 * when none was
	 */
	private static String tuning() {
		StringBuilder out = new StringBuilder();
		for (String role : List.of(ServiceStages.INGEST, ServiceStages.PERSISTENCE)) {
			String options = ServiceJvm.tuningOptions(role);
			if (!options.isEmpty()) {
				out.append("; ").append(role).append(" with ").append(options);
			}
		}
		return out.toString();
	}

	private static void throughput(StringBuilder out, BenchmarkReport report) {
		out.append("\n## Throughput\n\n");
		out.append(
				"| stage | what | messages | window s | msg/s | compared with | start-up s (ready / first output) | notes |\n");
		out.append("|---|---|---:|---:|---:|---|---|---|\n");
		Map<Stage, StageResult> stages = report.stages();
		for (Stage stage : Stage.values()) {
			StageResult result = stages.get(stage);
			String label = stage.label().replace("N threads", report.settings().sqsThreads() + " threads");
			if (result == null) {
				out.append("| %s | %s | | | | | | not run |\n".formatted(label, stage.description()));
				continue;
			}
			String startup = (result.startup() != null) ? "%s / %s".formatted(number(result.startup().readySeconds()),
					number(result.startup().firstOutputSeconds())) : "";
			out.append("| %s | %s | %d | %s | %s | %s | %s | %s |\n".formatted(label, stage.description(),
					result.messages(), number(result.seconds()), number(result.throughput()),
					comparisons(report, stage), startup, result.note()));
		}
	}

	private static String comparisons(BenchmarkReport report, Stage stage) {
		List<String> ratios = new ArrayList<>();
		switch (stage) {
			case INGEST -> ratios.add(ratio(report, stage, Stage.RAW_SQS_N));
			case REMOTE_INGEST -> ratios.add(ratio(report, stage, Stage.REMOTE_RAW_SQS_N));
			case PERSISTENCE -> {
				ratios.add(ratio(report, stage, Stage.RAW_MONGO_3));
				ratios.add(ratio(report, stage, Stage.PEER_INSERT));
				ratios.add(ratio(report, stage, Stage.PERSISTENCE_WITHOUT_DEVICES));
			}
			case PEER_INSERT, PEER_UPSERT -> ratios.add(ratio(report, stage, Stage.RAW_MONGO_3));
			case END_TO_END -> {
				double limit = Math.min(report.throughput(Stage.INGEST), report.throughput(Stage.PERSISTENCE));
				ratios.add(times(report.throughput(stage) / limit) + " min(ingest, persistence)");
			}
			case PACED -> ratios.add(ratio(report, stage, Stage.END_TO_END));
			default -> {
			}
		}
		return String.join("; ", ratios);
	}

	private static String ratio(BenchmarkReport report, Stage stage, Stage baseline) {
		return times(report.throughput(stage) / report.throughput(baseline)) + " "
				+ baseline.label().replace("N threads", report.settings().sqsThreads() + " threads");
	}

	private static String times(double ratio) {
		return Double.isNaN(ratio) ? "n/a x" : String.format(Locale.ROOT, "%.2f x", ratio);
	}

	private static void deviceSummaries(StringBuilder out, BenchmarkReport report) {
		List<DeviceRound> rounds = report.deviceRounds();
		out.append("\n## Device summaries\n\n");
		if (rounds.isEmpty()) {
			out.append("not run\n");
			return;
		}
		out.append("persistence-service alone on the same topic, with its device summaries (the default) and with "
				+ "`telemetry.persistence.devices.enabled=false`, each run in a fresh JVM with fresh collections and "
				+ "consumer group, which goes first alternating by round.\n\n");
		out.append("| round | first | with: msg/s | without: msg/s | with / without | with: CPU s per 1,000 | "
				+ "without: CPU s per 1,000 | with / without |\n");
		out.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
		for (DeviceRound round : rounds) {
			double withCpu = DeviceRound.serviceCpu(round.with());
			double withoutCpu = DeviceRound.serviceCpu(round.without());
			out.append("| %d | %s | %s | %s | %s | %s | %s | %s |\n".formatted(round.round(),
					round.withFirst() ? "with" : "without", number(round.with().throughput()),
					number(round.without().throughput()), times(round.throughputRatio()),
					String.format(Locale.ROOT, "%.3f", withCpu), String.format(Locale.ROOT, "%.3f", withoutCpu),
					times(withCpu / withoutCpu)));
		}
		out.append("\nAll rounds: throughput with device summaries %s what it is without; persistence-service CPU per "
			.formatted(times(DeviceRound.throughputRatio(rounds)))
				+ "reading %s.\n".formatted(times(DeviceRound.cpuRatio(rounds))));
	}

	private static void costs(StringBuilder out, BenchmarkReport report) {
		out.append("\n## Cost per process\n\n");
		out.append("| stage | process | CPU s per 1,000 msgs | peak RSS MiB | heap after GC MiB |\n");
		out.append("|---|---|---:|---:|---:|\n");
		report.stages()
			.forEach((stage, result) -> result.usage()
				.forEach((usage) -> out.append("| %s | %s | %s | %s | %s |\n".formatted(stage.label(), usage.role(),
						String.format(Locale.ROOT, "%.3f", usage.cpuSecondsPer1000()), number(usage.peakRssMiB()),
						number(usage.heapAfterGcMiB())))));
	}

	private static void latency(StringBuilder out, BenchmarkReport report) {
		PacedLoad.Result paced = report.paced();
		out.append("\n## Latency under the paced load\n\n");
		if (paced == null) {
			out.append("not run\n");
			return;
		}
		out.append("Offered %s readings/s (%.0f %% of the end-to-end rate), %d readings, open loop.\n\n"
			.formatted(number(paced.rate()), report.settings().pacedFraction() * 100, paced.readings()));
		out.append("| latency | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|\n");
		PacedLoad.Percentiles scheduled = paced.latencies().fromScheduled();
		PacedLoad.Percentiles received = paced.latencies().fromReceived();
		out.append("| storedAt - scheduled send time | %s | %s | %s |\n".formatted(number(scheduled.p50()),
				number(scheduled.p99()), number(scheduled.max())));
		out.append("| storedAt - origin.receivedAt (SQS) | %s | %s | %s |\n".formatted(number(received.p50()),
				number(received.p99()), number(received.max())));
		PacedLoad.Backlog backlog = paced.backlog();
		out.append(
				"\nBacklog (sent, not yet stored): peak %d in the first third of the send window, %d in the last third, %d overall: %s.\n"
					.formatted(backlog.firstThirdMax(), backlog.lastThirdMax(), backlog.max(),
							backlog.flat() ? "flat" : "GREW (the pipeline did not keep up)"));
		for (PacedLoad.Memory memory : paced.memory()) {
			out.append(
					"RSS of %s: %s MiB on average in the first third of the send window, %s MiB in the last third: %s.\n"
						.formatted(memory.role(), number(memory.firstThirdMiB()), number(memory.lastThirdMiB()),
								memory.flat() ? "flat" : "GREW"));
		}
		if (!paced.idle().isEmpty()) {
			out.append(
					"\nAfter the load, %d single readings, each after %d s of idleness: stored %s ms after SQS arrival "
						.formatted(paced.idle().size(), report.settings().idleGap().toSeconds(), String.join(", ",
								paced.idle().stream().map((probe) -> number(probe.fromReceivedMillis())).toList()))
							+ "(%s ms after the send).\n".formatted(String.join(", ",
									paced.idle().stream().map((probe) -> number(probe.fromSentMillis())).toList())));
		}
	}

	private static void targets(StringBuilder out, BenchmarkReport report) {
		out.append("\n## Targets\n\n| target | measured | required | result |\n|---|---:|---|---|\n");
		for (Targets.Verdict verdict : Targets.evaluate(report)) {
			out.append("| %s | %s | %s | %s |\n".formatted(verdict.target(),
					Double.isNaN(verdict.measured()) ? "n/a" : number(verdict.measured()) + " " + verdict.unit(),
					verdict.required(), verdict.outcome().name().replace('_', ' ')));
		}
	}

	/**
	 * A number as the tables show it: no decimals from 100 on, two below 10.
	 * @param value the number
	 * @return the text
	 */
	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "n/a";
		}
		double magnitude = Math.abs(value);
		String pattern = (magnitude >= 100) ? "%,.0f" : (magnitude >= 10) ? "%.1f" : "%.2f";
		return String.format(Locale.ROOT, pattern, value);
	}

}
