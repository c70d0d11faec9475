package io.telemetrypipeline.persistence.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;

import io.telemetrypipeline.persistence.store.ReadingPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The paged endpoints' cursors: each holds its position exactly (to the millisecond a
 * measurement is stored with, and an event id with any of its characters), is URL-safe,
 * and a token that is not a cursor of the endpoint is refused with a message naming the
 * parameter.
 */
class PageCursorsTests {

	@Test
	void aReadingsCursorHoldsThePositionOfTheLastReading() {
		ReadingPosition position = new ReadingPosition(Instant.parse("2026-11-24T10:15:30.250Z"),
				"sensor:42/sqs:7f3c-0001.a_b");

		String cursor = PageCursors.readings(position);

		assertThat(cursor).matches("[A-Za-z0-9_-]+");
		assertThat(PageCursors.readingPosition(cursor)).isEqualTo(position);
	}

	@Test
	void aDevicesCursorHoldsTheLastDeviceId() {
		String cursor = PageCursors.devices("plant-1:sensor_42");

		assertThat(cursor).matches("[A-Za-z0-9_-]+");
		assertThat(PageCursors.deviceAfter(cursor)).isEqualTo("plant-1:sensor_42");
	}

	static Stream<Arguments> notReadingsCursors() {
		return Stream.of(Arguments.argumentSet("not base64url", "a+b/c=="),
				Arguments.argumentSet("a devices cursor", PageCursors.devices("d1")),
				Arguments.argumentSet("no event id", encode("r1700000000000:")),
				Arguments.argumentSet("no time", encode("r:d1/m1")),
				Arguments.argumentSet("time not a number", encode("ryesterday:d1/m1")),
				Arguments.argumentSet("empty", ""));
	}

	@ParameterizedTest
	@MethodSource("notReadingsCursors")
	void refusesATokenThatIsNoReadingsCursor(String cursor) {
		assertThatExceptionOfType(BadParameterException.class).isThrownBy(() -> PageCursors.readingPosition(cursor))
			.withMessageStartingWith("'cursor' must be a cursor from this endpoint's Link header");
	}

	@Test
	void refusesATokenThatIsNoDevicesCursor() {
		assertThatExceptionOfType(BadParameterException.class)
			.isThrownBy(() -> PageCursors.deviceAfter(PageCursors.readings(new ReadingPosition(Instant.EPOCH, "e"))));
		assertThatExceptionOfType(BadParameterException.class).isThrownBy(() -> PageCursors.deviceAfter(encode("d")));
	}

	private static String encode(String value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
