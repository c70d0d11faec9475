package io.telemetrypipeline.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InstantsTests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-24T10:15:30Z", "2026-11-24T10:15:30.1Z", "2026-11-24T10:15:30.123Z",
			"2026-11-24T10:15:30.123456789Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
			"2026-11-24T11:15:30+01:00", "2026-11-24T10:15:30.5-03:30", "2016-12-31T23:59:60Z", "2026-11-24T24:00:00Z",
			"2026-11-24T10:15:30.Z", "2026-11-24T10:15:30z" })
	void agreesWithTheJdkOnValidInstants(String text) {
		assertThat(Instants.parse(text)).isEqualTo(Instant.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z",
			"2026-11-24T10:60:00Z", "2026-11-24T10:15:30.1234567890Z", "2026-11-24 10:15:30Z", "2026-11-24T10:15:30",
			"2026-1x-24T10:15:30Z", "+2026-11-24T10:15:30Z", "" })
	void rejectsWhatTheJdkRejects(String text) {
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Instant.parse(text));
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Instants.parse(text));
	}

	@Test
	void agreesWithTheJdkOnGeneratedUtcInstants() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 100_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
					(random.nextInt(3) == 0) ? 0 : random.nextInt(1_000_000_000));
			String text = instant.toString();
			assertThat(Instants.parse(text)).isEqualTo(instant);
		}
	}

}
