package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the device summaries, ordered by device id.
 */
public interface DeviceQueries {

	/**
	 * Finds one device's summary.
	 * @param deviceId the device
	 * @return its summary, if any reading of it was stored
	 */
	Optional<DeviceSummary> find(String deviceId);

	/**
	 * Finds device summaries in device id order.
	 * @param after the device id of the last summary of the previous page, or
	 * {@code null} for the first page
	 * @param storedBefore only devices whose latest reading was stored before this
	 * instant (silent since), or {@code null} for all
	 * @param only only these devices, or {@code null} for all
	 * @param limit most summaries to return
	 * @return the summaries
	 */
	List<DeviceSummary> find(String after, Instant storedBefore, Set<String> only, int limit);

	/**
	 * Counts the devices whose latest reading was stored before an instant.
	 * @param storedBefore the instant
	 * @return how many devices have been silent since
	 */
	long countStoredBefore(Instant storedBefore);

	/**
	 * Counts the devices with a summary.
	 * @return how many devices have readings
	 */
	long count();

}
