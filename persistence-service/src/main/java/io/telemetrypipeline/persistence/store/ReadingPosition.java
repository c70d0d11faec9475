package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A place in a device's readings as the API orders them, newest measurement first and,
 * among readings measured at the same instant, the greater event id first: a page that
 * continues after it starts with the next reading in that order, however many readings
 * were stored meanwhile.
 *
 * @param measuredAt the measurement time of the last reading returned
 * @param eventId its event id
 */
public record ReadingPosition(Instant measuredAt, String eventId) {

	public ReadingPosition {
		Objects.requireNonNull(measuredAt, "measuredAt is required");
		Objects.requireNonNull(eventId, "eventId is required");
	}

	/**
	 * The position of a reading.
	 * @param reading the reading
	 * @return its position
	 */
	public static ReadingPosition of(ReadingDocument reading) {
		return new ReadingPosition(reading.measuredAt(), reading.id());
	}

}
