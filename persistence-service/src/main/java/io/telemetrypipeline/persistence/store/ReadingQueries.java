package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a device's stored readings, newest measurement first and, among readings measured
 * at the same instant, the greater event id first: a total order, so a client that pages
 * with the position of the last reading it got reads each reading once.
 */
public interface ReadingQueries {

	/**
	 * Finds readings measured in {@code [from, to)}, after a position in that order.
	 * @param deviceId the device
	 * @param from inclusive lower bound, or {@code null}
	 * @param to exclusive upper bound, or {@code null}
	 * @param after the position of the last reading of the previous page, or {@code null}
	 * for the first page
	 * @param limit most readings to return
	 * @return the readings, newest first
	 */
	List<ReadingDocument> find(String deviceId, Instant from, Instant to, ReadingPosition after, int limit);

	/**
	 * Finds the newest reading of a device.
	 * @param deviceId the device
	 * @return the reading with the latest measurement time, if any
	 */
	default Optional<ReadingDocument> latest(String deviceId) {
		return find(deviceId, null, null, null, 1).stream().findFirst();
	}

}
