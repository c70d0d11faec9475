package io.telemetrypipeline.persistence.store;

import java.time.Instant;

/**
 * What the store knows about one device, from the readings persistence-service stored for
 * it: each reading counted once, redeliveries and duplicates included.
 *
 * @param deviceId the device
 * @param firstMeasuredAt the earliest measurement time of its readings
 * @param lastMeasuredAt the latest measurement time of its readings
 * @param lastStoredAt when its latest reading was stored: what silence is measured by
 * @param readingCount how many of its readings were stored (retention may have removed
 * some of them since)
 */
public record DeviceSummary(String deviceId, Instant firstMeasuredAt, Instant lastMeasuredAt, Instant lastStoredAt,
		long readingCount) {

}
