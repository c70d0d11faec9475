package io.telemetrypipeline.admin.console;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the operator asked the command to stop (Ctrl-C, SIGTERM). The command checks it
 * between batches: it finishes the batch in flight, commits what was acknowledged and
 * returns. The JVM's shutdown waits for that, at most {@link #GRACE}; SIGKILL is not
 * waited for, and loses nothing either, since nothing is committed before it was
 * acknowledged.
 */
public final class Interruption {

	/** How long a shutdown waits for the batch in flight. */
	static final Duration GRACE = Duration.ofSeconds(60);

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile boolean requested;

	private Interruption() {
	}

	/**
	 * An interruption the JVM's shutdown (Ctrl-C, SIGTERM) requests, which then waits
	 * until {@link #finished()}.
	 * @return the interruption
	 */
	public static Interruption onShutdown() {
		Interruption interruption = new Interruption();
		Runtime.getRuntime().addShutdownHook(new Thread(interruption::stopAndWait, "pipeline-admin-shutdown"));
		return interruption;
	}

	/**
	 * An interruption nothing requests, for commands run inside another program.
	 * @return the interruption
	 */
	public static Interruption never() {
		return new Interruption();
	}

	/**
	 * Whether the command should stop after the batch in flight.
	 * @return {@code true} once stopping was requested
	 */
	public boolean requested() {
		return this.requested;
	}

	/** The command has returned: a shutdown in progress may go on. */
	public void finished() {
		this.finished.countDown();
	}

	private void stopAndWait() {
		this.requested = true;
		try {
			this.finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
