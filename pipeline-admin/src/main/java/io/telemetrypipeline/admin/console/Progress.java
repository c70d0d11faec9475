package io.telemetrypipeline.admin.console;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A command's progress on stderr. On a terminal, one bar redrawn in place at most ten
 * times a second; otherwise (a pipe, a log file, a CI job) one plain line every
 * {@code interval}, so a log is neither flooded nor silent. Always a last line when done.
 */
public final class Progress {

	private static final int WIDTH = 30;

	private static final long REDRAW_NANOS = Duration.ofMillis(100).toNanos();

	private final PrintWriter err;

	private final Mode mode;

	private final String label;

	private final long total;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final long started;

	private long lastShown;

	Progress(PrintWriter err, Mode mode, String label, long total, Duration interval, LongSupplier nanoTime) {
		this.err = err;
		this.mode = mode;
		this.label = label;
		this.total = total;
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
		this.started = nanoTime.getAsLong();
		this.lastShown = this.started;
	}

	/**
	 * Progress over {@code total} units.
	 * @param err where it goes
	 * @param mode bar, lines, none, or auto (a bar on a terminal, lines otherwise)
	 * @param label what is counted, e.g. {@code telemetry.events.dlt}
	 * @param total how many units there are
	 * @param interval how often a plain line is written
	 * @return the progress
	 */
	public static Progress start(PrintWriter err, Mode mode, String label, long total, Duration interval) {
		Mode resolved = (mode == Mode.AUTO) ? (Terminal.isInteractive() ? Mode.BAR : Mode.LINES) : mode;
		return new Progress(err, resolved, label, total, interval, System::nanoTime);
	}

	/**
	 * Shows how far the command is, when it is time to.
	 * @param done units done
	 * @param detail what the units became, e.g. {@code 120 replayed, 3 skipped}
	 */
	public void update(long done, String detail) {
		long now = this.nanoTime.getAsLong();
		if (this.mode == Mode.BAR && now - this.lastShown >= REDRAW_NANOS) {
			this.err.print("\r" + bar(done, detail, now) + "\u001B[K");
			this.err.flush();
			this.lastShown = now;
		}
		else if (this.mode == Mode.LINES && now - this.lastShown >= this.intervalNanos) {
			this.err.println(line(done, detail, now));
			this.lastShown = now;
		}
	}

	/**
	 * Shows the final state.
	 * @param done units done
	 * @param detail what the units became
	 */
	public void finish(long done, String detail) {
		long now = this.nanoTime.getAsLong();
		if (this.mode == Mode.BAR) {
			this.err.println("\r" + bar(done, detail, now) + "\u001B[K");
		}
		else if (this.mode == Mode.LINES) {
			this.err.println(line(done, detail, now));
		}
	}

	String line(long done, String detail, long now) {
		return String.format(Locale.ROOT, "%s: %d/%d (%d%%), %s, %s", this.label, done, this.total, percent(done),
				detail, rateAndEta(done, now));
	}

	String bar(long done, String detail, long now) {
		int filled = (int) ((this.total > 0) ? Math.min(WIDTH, done * WIDTH / this.total) : WIDTH);
		return String.format(Locale.ROOT, "%s [%s%s] %3d%% %d/%d %s, %s", this.label, "#".repeat(filled),
				"-".repeat(WIDTH - filled), percent(done), done, this.total, detail, rateAndEta(done, now));
	}

	private long percent(long done) {
		return (this.total > 0) ? Math.min(100, done * 100 / this.total) : 100;
	}

	private String rateAndEta(long done, long now) {
		double seconds = Math.max(1e-3, (now - this.started) / 1e9);
		double rate = done / seconds;
		String eta = (rate > 0 && done < this.total) ? format(Duration.ofSeconds((long) ((this.total - done) / rate)))
				: "-";
		return String.format(Locale.ROOT, "%.1f/s, ETA %s", rate, eta);
	}

	private static String format(Duration duration) {
		return String.format(Locale.ROOT, "%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(),
				duration.toSecondsPart());
	}

	/** How progress is shown. */
	public enum Mode {

		/** A bar on a terminal, plain lines otherwise. */
		AUTO,

		/** A bar redrawn in place. */
		BAR,

		/** A plain line every interval. */
		LINES,

		/** Nothing but the command's report. */
		NONE

	}

}
