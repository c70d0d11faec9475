package io.telemetrypipeline.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Watches a count grow to its target (records on a topic, documents in a collection) and
 * measures the processing window: from the first output observed past the warm-up count
 * to the last, with the CPU time of the given processes over exactly that window.
 * Start-up and warm-up (JIT compilation of a fresh JVM) are therefore not part of the
 * throughput; the time of the very first output is kept for the start-up figures.
 */
final class ProgressWatch {

	private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

	private ProgressWatch() {
	}

	/**
	 * Waits until {@code progress} reaches {@code target}.
	 * @param what what is counted, for the failure message
	 * @param progress the current count
	 * @param warmup the count after which the window opens (0: at the first output)
	 * @param target the count to reach
	 * @param stallTimeout how long the count may stay unchanged before the stage fails
	 * @param processes processes whose CPU time is measured over the window
	 * @param liveness throws when a process the stage needs has exited
	 * @return the window
	 */
	static Window await(String what, LongSupplier progress, long warmup, long target, Duration stallTimeout,
			List<Watched> processes, Runnable liveness) {
		long outputNanos = 0;
		long firstNanos = 0;
		long firstCount = -1;
		ResourceWindow resources = null;
		long lastCount = -1;
		long lastChange = System.nanoTime();
		while (true) {
			long count = progress.getAsLong();
			long now = System.nanoTime();
			if (outputNanos == 0 && count > 0) {
				outputNanos = now;
			}
			if (firstCount < 0 && count > warmup) {
				resources = ResourceWindow.open(processes);
				firstNanos = now;
				firstCount = count;
			}
			if (count >= target) {
				if (count > target) {
					throw new BenchmarkFailure(what + ": " + count + " counted, " + target + " expected (duplicates)");
				}
				return new Window(outputNanos, firstNanos, firstCount, now, count, resources.close(count - firstCount));
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
	 * @param outputNanos when the very first output was observed
	 * ({@link System#nanoTime()})
	 * @param firstNanos when the window opened: the first output observed past the
	 * warm-up
	 * @param firstCount the count then
	 * @param lastNanos when the target was observed
	 * @param lastCount the count then
	 * @param cpu each watched process's CPU time per 1,000 messages in the window
	 */
	record Window(long outputNanos, long firstNanos, long firstCount, long lastNanos, long lastCount,
			List<ResourceWindow.CpuReading> cpu) {

		/**
		 * A window that opened at the first output (no warm-up).
		 * @param firstNanos when the first output was observed
		 * @param firstCount the count then
		 * @param lastNanos when the target was observed
		 * @param lastCount the count then
		 * @param cpu each watched process's CPU time per 1,000 messages in the window
		 */
		Window(long firstNanos, long firstCount, long lastNanos, long lastCount, List<ResourceWindow.CpuReading> cpu) {
			this(firstNanos, firstNanos, firstCount, lastNanos, lastCount, cpu);
		}

		double seconds() {
			return (this.lastNanos - this.firstNanos) / 1e9;
		}

		long messages() {
			return this.lastCount - this.firstCount;
		}

		/**
		 * Messages per second over the window.
		 * @return the throughput, {@code NaN} when all messages came at once
		 */
		double throughput() {
			return (this.lastNanos > this.firstNanos) ? messages() / seconds() : Double.NaN;
		}

	}

}
