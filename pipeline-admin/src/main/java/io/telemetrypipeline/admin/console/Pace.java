package io.telemetrypipeline.admin.console;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Keeps a command at or below a rate: {@link #acquire()} returns at once while the
 * command is behind its schedule and parks the caller while it is ahead. A rate of 0 or
 * less means no limit.
 */
public final class Pace {

	private final long nanosPerPermit;

	private final LongSupplier nanoTime;

	private long next;

	Pace(double perSecond, LongSupplier nanoTime) {
		this.nanosPerPermit = (perSecond > 0) ? (long) (1_000_000_000L / perSecond) : 0;
		this.nanoTime = nanoTime;
		this.next = nanoTime.getAsLong();
	}

	/**
	 * A pace of at most {@code perSecond} permits a second.
	 * @param perSecond the rate, 0 for no limit
	 * @return the pace
	 */
	public static Pace of(double perSecond) {
		return new Pace(perSecond, System::nanoTime);
	}

	/** Waits until the next permit is due, then takes it. */
	public void acquire() {
		long wait = reserve();
		if (wait > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	/**
	 * Takes the next permit.
	 * @return how long the caller must wait for it, in nanoseconds, 0 when it is due
	 */
	long reserve() {
		if (this.nanosPerPermit == 0) {
			return 0;
		}
		long now = this.nanoTime.getAsLong();
		// no credit for idle time beyond one permit: the rate holds from now on
		this.next = Math.max(this.next, now - this.nanosPerPermit);
		long wait = this.next - now;
		this.next += this.nanosPerPermit;
		return Math.max(wait, 0);
	}

}
