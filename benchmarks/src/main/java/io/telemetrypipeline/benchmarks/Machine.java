package io.telemetrypipeline.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * Where the figures were measured.
 *
 * @param gitRevision the commit, with {@code -dirty} when the work tree had changes
 * @param cores processors available to the JVM
 * @param cpu the CPU model
 * @param memoryGiB total memory
 * @param jdk the JDK that ran the benchmark and the services
 * @param os the operating system
 * @param date when the run started
 * @param loadAtStart the load average (1, 5, 15 minutes) when the run started
 */
record Machine(String gitRevision, int cores, String cpu, long memoryGiB, String jdk, String os, OffsetDateTime date,
		String loadAtStart) {

	static Machine describe() {
		return new Machine(readGitRevision(), Runtime.getRuntime().availableProcessors(), cpuModel(), readMemoryGiB(),
				System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), loadAverage());
	}

	/**
	 * The load average now: other work on the machine skews every figure.
	 * @return the 1, 5 and 15 minute load averages
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static String readGitRevision() {
		String revision = run("git", "rev-parse", "--short=12", "HEAD");
		if (revision == null || revision.isBlank()) {
			return "unknown";
		}
		String status = run("git", "status", "--porcelain", "--untracked-files=no");
		return revision.trim() + ((status != null && !status.isBlank()) ? "-dirty" : "");
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static long readMemoryGiB() {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal:"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024))
				.findFirst()
				.orElse(0L);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) ? output : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
