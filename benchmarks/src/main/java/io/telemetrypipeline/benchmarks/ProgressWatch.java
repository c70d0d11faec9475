package io.telemetrypipeline.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Watches a count grow to its target (records on a topic, documents in a collection) and
 * measures the processing window: from the first output observed to the last, with the
 * CPU time of the given processes over exactly that window. Start-up before the first
 * output is therefore not part of the throughput.
 */
final class ProgressWatch {

	private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

	private ProgressWatch() {
	}

	/**
	 * Waits until {@code progress} reaches {@code target}.
	 * @param what what is counted, for the failure message
	 * @param progress the current count
	 * @param target the count to reach
	 * @param stallTimeout how long the count may stay unchanged before the stage fails
	 * @param processes processes whose CPU time is measured over the window
	 * @param liveness throws when a process the stage needs has exited
	 * @return the window
	 */
	static Window await(String what, LongSupplier progress, long target, Duration stallTimeout, List<Watched> processes,
			Runnable liveness) {
		long firstNanos = 0;
		long firstCount = -1;
		ResourceWindow resources = null;
		long lastCount = -1;
		long lastChange = System.nanoTime();
		while (true) {
			long count = progress.getAsLong();
			long now = System.nanoTime();
			if (firstCount < 0 && count > 0) {
				resources = ResourceWindow.open(processes);
				firstNanos = now;
				firstCount = count;
			}
			if (count >= target) {
				if (count > target) {
					throw new BenchmarkFailure(what + ": " + count + " counted, " + target + " expected (duplicates)");
				}
				return new Window(firstNanos, firstCount, now, count, resources.close(count - firstCount));
			}
			if (count != lastCount) {
				lastCount = count;
				lastChange = now;
			}
			else if (now - lastChange > stallTimeout.toNanos()) {
				throw new BenchmarkFailure(what + ": stuck at " + count + " of " + target + " for " + stallTimeout
						+ " (messages lost or a process stalled)");
			}
			liveness.run();
			LockSupport.parkNanos(POLL_NANOS);
		}
	}

	/**
	 * A processing window.
	 *
	 * @param firstNanos when the first output was observed ({@link System#nanoTime()})
	 * @param firstCount the count then
	 * @param lastNanos when the target was observed
	 * @param lastCount the count then
	 * @param cpu CPU per 1,000 messages of each watched process over the window
	 */
	record Window(long firstNanos, long firstCount, long lastNanos, long lastCount,
			List<ResourceWindow.CpuReading> cpu) {

		double seconds() {
			return (this.lastNanos - this.firstNanos) / 1e9;
		}

		long messages() {
			return this.lastCount - this.firstCount;
		}

		/** Messages per second over the window; {@code NaN} when all came at once. */
		double throughput() {
			return (this.lastNanos > this.firstNanos) ? messages() / seconds() : Double.NaN;
		}

	}

}
