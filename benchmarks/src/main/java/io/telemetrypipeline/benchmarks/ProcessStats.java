package io.telemetrypipeline.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a process costs from Linux's {@code /proc}: CPU time (utime + stime), peak
 * resident set size ({@code VmHWM}), and, through {@code jcmd}, a JVM's heap after a full
 * GC. Every reading answers {@code NaN} where the platform cannot tell.
 */
final class ProcessStats {

	private static final double CLOCK_TICKS = clockTicks();

	private static final Pattern USED = Pattern.compile("used (\\d+)K");

	/** Heap lines of {@code GC.heap_info}; Serial's names changed in JDK 22. */
	private static final List<String> HEAP_LINES = List.of("garbage-first heap", "DefNew", "Tenured",
			"def new generation", "tenured generation", "PSYoungGen", "ParOldGen", "ZHeap");

	private ProcessStats() {
	}

	/**
	 * CPU seconds the process has used so far.
	 * @param pid the process
	 * @return utime + stime in seconds, {@code NaN} when unknown
	 */
	static double cpuSeconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields 14 and 15 of stat; the array starts at field 3
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/**
	 * The process's peak resident set size.
	 * @param pid the process
	 * @return {@code VmHWM} in MiB, {@code NaN} when unknown
	 */
	static double peakRssMiB(long pid) {
		return statusMiB(pid, "VmHWM:");
	}

	/**
	 * The process's current resident set size.
	 * @param pid the process
	 * @return {@code VmRSS} in MiB, {@code NaN} when unknown
	 */
	static double rssMiB(long pid) {
		return statusMiB(pid, "VmRSS:");
	}

	private static double statusMiB(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// unknown
		}
		return Double.NaN;
	}

	/**
	 * Resets the process's peak resident set size to its current one, so that a stage's
	 * peak is its own; does nothing where the kernel does not allow it.
	 * @param pid the process
	 */
	static void resetPeakRss(long pid) {
		try {
			Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
		}
		catch (IOException | RuntimeException ex) {
			// the peak then covers the process's whole life, which the report says
		}
	}

	/**
	 * A JVM's heap in use right after a full GC.
	 * @param pid a JVM started by this one, or this JVM itself
	 * @return the heap in use in MiB, {@code NaN} when unknown
	 */
	static double heapAfterGcMiB(long pid) {
		if (pid == ProcessHandle.current().pid()) {
			System.gc();
			return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
		}
		if (jcmd(pid, "GC.run") == null) {
			return Double.NaN;
		}
		String info = jcmd(pid, "GC.heap_info");
		if (info == null) {
			return Double.NaN;
		}
		long usedKiB = 0;
		boolean found = false;
		for (String line : info.lines().toList()) {
			String trimmed = line.trim();
			// G1 and ZGC report one heap line, Serial and Parallel one per generation
			if (HEAP_LINES.stream().anyMatch(trimmed::startsWith)) {
				Matcher used = USED.matcher(trimmed);
				if (used.find()) {
					usedKiB += Long.parseLong(used.group(1));
					found = true;
				}
			}
		}
		return found ? usedKiB / 1024.0 : Double.NaN;
	}

	private static String jcmd(long pid, String command) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			boolean done = process.waitFor(60, TimeUnit.SECONDS);
			return (done && process.exitValue() == 0) ? output : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static double clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
			String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			getconf.waitFor(10, TimeUnit.SECONDS);
			return Double.parseDouble(ticks);
		}
		catch (IOException | RuntimeException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

}
