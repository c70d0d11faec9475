package io.telemetrypipeline.localrun;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemLinesTests {

	@Test
	void showsWarningsAndErrorsWithTheirStackTracesAndNothingElse() {
		List<String> output = List.of(
				"2026-12-07T23:17:03.770Z  INFO 12100 --- [persistence-service] [main] o.a.k.c.c.AbstractConfig : ConsumerConfig values: ",
				"\tauto.commit.interval.ms = 5000",
				"2026-12-07T23:17:05.743Z  WARN 12100 --- [persistence-service] [main] i.t.p.store.ReadingWriter : Writing failed",
				"java.lang.IllegalStateException: boom", "\tat io.telemetrypipeline.Example.run(Example.java:1)",
				"2026-12-07T23:17:06.000Z DEBUG 12100 --- [persistence-service] [main] x.Y : detail",
				"2026-12-07T23:17:07.000Z ERROR 12100 --- [persistence-service] [main] x.Y : failed for good",
				"2026-12-07T23:17:08.000Z  INFO 12100 --- [persistence-service] [main] x.Y : fine again",
				"WARNING: A restricted method in java.lang.System has been called",
				"2026-12-07T23:17:09.000Z  INFO 12100 --- [persistence-service] [main] x.Y : Started");
		ProblemLines problems = new ProblemLines();
		assertThat(output.stream().filter(problems::isProblem)).containsExactly(output.get(2), output.get(3),
				output.get(4), output.get(6), output.get(8));
	}

	@Test
	void showsNothingOfAHealthyStart() {
		ProblemLines problems = new ProblemLines();
		assertThat(problems.isProblem("  .   ____          _            __ _ _")).isFalse();
		assertThat(problems.isProblem(
				"2026-12-07T23:17:09.000Z  INFO 1 --- [ingest-service] [main] i.t.i.IngestServiceApplication : Started"))
			.isFalse();
	}

}
