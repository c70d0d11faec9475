package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;

/**
 * What one batch adds to one device's summary from one partition of the events topic: the
 * offsets of the records whose readings it counts (ascending, one reading each), their
 * earliest and latest measurement time and their latest storage time.
 *
 * @param deviceId the device
 * @param partition the partition the records were read from
 * @param offsets the records' offsets, ascending
 * @param firstMeasuredAt the earliest measurement among them
 * @param lastMeasuredAt the latest measurement among them
 * @param lastStoredAt the latest time one of them was stored
 */
record DeviceUpdate(String deviceId, int partition, List<Long> offsets, Instant firstMeasuredAt, Instant lastMeasuredAt,
		Instant lastStoredAt) {

	DeviceUpdate {
		offsets = List.copyOf(offsets);
		if (offsets.isEmpty()) {
			throw new IllegalArgumentException("a device update counts at least one reading");
		}
	}

	long firstOffset() {
		return this.offsets.get(0);
	}

	long lastOffset() {
		return this.offsets.get(this.offsets.size() - 1);
	}

	/**
	 * The field of the device summary that holds the highest offset of this partition
	 * whose reading is counted.
	 * @return the field's path
	 */
	String countedOffsetField() {
		return DeviceSummaryWriter.COUNTED_OFFSETS + ".p" + this.partition;
	}

}
