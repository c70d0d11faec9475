package io.telemetrypipeline.benchmarks;

import java.util.List;

/**
 * CPU time of a set of processes between {@link #open} and {@link #close}, the processing
 * window of a stage, and their peak RSS and heap after GC at its end.
 */
final class ResourceWindow {

	private final List<Start> starts;

	private ResourceWindow(List<Watched> processes) {
		this.starts = processes.stream()
			.map((process) -> new Start(process, ProcessStats.cpuSeconds(process.pid())))
			.toList();
	}

	/**
	 * Resets the peak RSS of each process, as early as possible in a stage.
	 * @param processes the processes
	 */
	static void resetPeaks(List<Watched> processes) {
		processes.forEach((process) -> ProcessStats.resetPeakRss(process.pid()));
	}

	/**
	 * Samples the CPU time of each process now.
	 * @param processes the processes
	 * @return the open window
	 */
	static ResourceWindow open(List<Watched> processes) {
		return new ResourceWindow(processes);
	}

	/**
	 * Samples the CPU time of each process again.
	 * @param messages messages processed in the window
	 * @return each process's CPU time per 1,000 messages; RSS and heap are read later
	 */
	List<CpuReading> close(long messages) {
		return this.starts.stream().map((start) -> {
			double used = ProcessStats.cpuSeconds(start.process().pid()) - start.cpuSeconds();
			return new CpuReading(start.process(), (messages > 0) ? used * 1000.0 / messages : Double.NaN);
		}).toList();
	}

	/**
	 * Adds each process's peak RSS and heap after a full GC, read now.
	 * @param readings the CPU readings of a window
	 * @return the usage of each process
	 */
	static List<ProcessUsage> withMemory(List<CpuReading> readings) {
		return readings.stream()
			.map((reading) -> new ProcessUsage(reading.process().role(), reading.perThousand(),
					ProcessStats.peakRssMiB(reading.process().pid()),
					ProcessStats.heapAfterGcMiB(reading.process().pid())))
			.toList();
	}

	private record Start(Watched process, double cpuSeconds) {
	}

	/**
	 * CPU of one process over a window.
	 *
	 * @param process the process
	 * @param perThousand CPU seconds per 1,000 messages
	 */
	record CpuReading(Watched process, double perThousand) {
	}

}
