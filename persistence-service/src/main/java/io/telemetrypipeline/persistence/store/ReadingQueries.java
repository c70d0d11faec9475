package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a device's stored readings, newest measurement first.
 */
public interface ReadingQueries {

	/**
	 * Finds readings measured in {@code [from, to)}.
	 * @param deviceId the device
	 * @param from inclusive lower bound, or {@code null}
	 * @param to exclusive upper bound, or {@code null}
	 * @param limit most readings to return
	 * @return the readings, newest first
	 */
	List<ReadingDocument> find(String deviceId, Instant from, Instant to, int limit);

	/**
	 * Finds the newest reading of a device.
	 * @param deviceId the device
	 * @return the reading with the latest measurement time, if any
	 */
	default Optional<ReadingDocument> latest(String deviceId) {
		return find(deviceId, null, null, 1).stream().findFirst();
	}

}
