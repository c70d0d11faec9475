package io.telemetrypipeline.admin.console;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTests {

	final StringWriter text = new StringWriter();

	final AtomicLong now = new AtomicLong(0);

	@Test
	void writesAPlainLineEveryIntervalWhenNotOnATerminal() {
		Progress progress = new Progress(new PrintWriter(this.text, true), Progress.Mode.LINES, "telemetry.events.dlt",
				1000, Duration.ofSeconds(5), this.now::get);
		progress.update(100, "100 replayed, 0 not replayed");
		this.now.set(Duration.ofSeconds(5).toNanos());
		progress.update(250, "250 replayed, 0 not replayed");
		this.now.set(Duration.ofSeconds(6).toNanos());
		progress.update(300, "300 replayed, 0 not replayed");
		progress.finish(1000, "990 replayed, 10 not replayed");
		assertThat(this.text.toString().lines()).containsExactly(
				"telemetry.events.dlt: 250/1000 (25%), 250 replayed, 0 not replayed, 50.0/s, ETA 0:00:15",
				"telemetry.events.dlt: 1000/1000 (100%), 990 replayed, 10 not replayed, 166.7/s, ETA -");
	}

	@Test
	void redrawsABarInPlaceOnATerminal() {
		Progress progress = new Progress(new PrintWriter(this.text, true), Progress.Mode.BAR, "q", 10,
				Duration.ofSeconds(5), this.now::get);
		this.now.set(Duration.ofSeconds(1).toNanos());
		progress.update(5, "5 moved");
		progress.finish(10, "10 moved");
		assertThat(this.text.toString()).startsWith("\rq [###############---------------]  50% 5/10 5 moved, 5.0/s")
			.contains("\rq [##############################] 100% 10/10 10 moved")
			.endsWith(System.lineSeparator());
	}

	@Test
	void showsNothingWhenTurnedOff() {
		Progress progress = new Progress(new PrintWriter(this.text, true), Progress.Mode.NONE, "q", 10,
				Duration.ofSeconds(5), this.now::get);
		this.now.set(Duration.ofSeconds(10).toNanos());
		progress.update(5, "5");
		progress.finish(10, "10");
		assertThat(this.text.toString()).isEmpty();
	}

}
