package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch extends its messages' visibility only when they would otherwise become visible
 * before its deadline plus the margin, once, at half the visibility timeout, and exactly
 * to its deadline plus the margin.
 */
class VisibilityExtensionTests {

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	private static final Duration NEEDED = Duration.ofSeconds(25);

	static Stream<Arguments> batches() {
		return Stream.of(
				Arguments.argumentSet("received at once, deadline plus margin within the visibility timeout",
						Duration.ZERO, Duration.ofSeconds(30), Optional.empty()),
				Arguments.argumentSet("waited 5 s before the listener: visible again exactly at the deadline",
						Duration.ofSeconds(5), Duration.ofSeconds(30), Optional.empty()),
				Arguments.argumentSet("waited 10 s: extended at half the timeout (5 s from now) to 20 s",
						Duration.ofSeconds(10), Duration.ofSeconds(30),
						Optional.of(new VisibilityExtension(Duration.ofSeconds(5), Duration.ofSeconds(20)))),
				Arguments.argumentSet("the queue's own timeout is 10 s: extended after 5 s to 20 s", Duration.ZERO,
						Duration.ofSeconds(10),
						Optional.of(new VisibilityExtension(Duration.ofSeconds(5), Duration.ofSeconds(20)))),
				Arguments.argumentSet("past half the timeout already: extended at once to the whole need",
						Duration.ofSeconds(20), Duration.ofSeconds(30),
						Optional.of(new VisibilityExtension(Duration.ZERO, NEEDED))),
				Arguments.argumentSet("a fraction of a second is rounded up", Duration.ofMillis(500),
						Duration.ofSeconds(2),
						Optional.of(new VisibilityExtension(Duration.ofMillis(500), Duration.ofSeconds(25)))));
	}

	@ParameterizedTest
	@MethodSource("batches")
	void extendsOnlyAsFarAsTheDeadlinePlusTheMargin(Duration waited, Duration visibilityTimeout,
			Optional<VisibilityExtension> expected) {
		assertThat(VisibilityExtension.plan(NOW.minus(waited), visibilityTimeout, NEEDED, NOW)).isEqualTo(expected);
	}

}
