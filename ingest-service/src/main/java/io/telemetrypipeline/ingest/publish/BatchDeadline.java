package io.telemetrypipeline.ingest.publish;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The deadline of one batch, started when the publisher gets it. A send is started only
 * while at least the producer's longest block ({@code max.block.ms}: waiting for metadata
 * or for room in a full buffer) is left, so no call of the batch, blocking or not, ends
 * after the deadline.
 */
final class BatchDeadline {

	private final LongSupplier nanoTime;

	private final long endNanos;

	private final long maxBlockNanos;

	private BatchDeadline(LongSupplier nanoTime, long endNanos, long maxBlockNanos) {
		this.nanoTime = nanoTime;
		this.endNanos = endNanos;
		this.maxBlockNanos = maxBlockNanos;
	}

	/**
	 * Starts the deadline of a batch now.
	 * @param timeout how long the batch may take
	 * @param maxBlock the longest a send may block
	 * @param nanoTime the time source, {@link System#nanoTime()} outside tests
	 * @return the deadline
	 */
	static BatchDeadline start(Duration timeout, Duration maxBlock, LongSupplier nanoTime) {
		return new BatchDeadline(nanoTime, nanoTime.getAsLong() + timeout.toNanos(), maxBlock.toNanos());
	}

	/**
	 * Whether a send may start: even if it blocks as long as the producer lets it, it
	 * ends by the deadline.
	 * @return {@code true} while at least {@code max.block.ms} is left
	 */
	boolean allowsSend() {
		return this.endNanos - this.nanoTime.getAsLong() >= this.maxBlockNanos;
	}

	/**
	 * What is left of the deadline.
	 * @return the time left, zero once it passed
	 */
	Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.endNanos - this.nanoTime.getAsLong()));
	}

}
