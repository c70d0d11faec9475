package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.telemetrypipeline.model.TelemetryEvent;

/**
 * Which readings of a written batch count toward their devices, grouped into one
 * {@link DeviceUpdate} per device and partition. A reading counts when the record being
 * written is the one that stored it: inserted now, or found already stored with this
 * record's own Kafka position (an earlier attempt of this very record stored it, e.g.
 * before a crash, and may or may not have counted it: the conditional update decides). A
 * duplicate stored by another record (the same event published twice, a replay) never
 * counts, nor does a reading MongoDB refused.
 */
final class DeviceUpdates {

	private DeviceUpdates() {
	}

	/**
	 * The device updates of a written batch.
	 * @param <T> the caller's item type
	 * @param results what the readings write did with each item
	 * @param event the event of an item
	 * @param position where an item was read from Kafka
	 * @param storedAt when this batch stored what it inserted
	 * @param alreadyStored for the duplicates, what the stored reading says about the
	 * record that stored it, by event id (absent when it could not be read back)
	 * @return one update per device and partition with a counted reading, in the order
	 * the devices first appear in {@code results}
	 */
	static <T> List<DeviceUpdate> of(List<WriteResult<T>> results, Function<T, TelemetryEvent> event,
			Function<T, KafkaPosition> position, Instant storedAt, Map<String, AlreadyStored> alreadyStored) {
		Map<Key, Group> groups = new LinkedHashMap<>();
		for (WriteResult<T> result : results) {
			TelemetryEvent counted = event.apply(result.source());
			KafkaPosition at = position.apply(result.source());
			Instant stored = storedAt(result.status(), at, alreadyStored.get(counted.eventId()), storedAt);
			if (stored != null) {
				groups.computeIfAbsent(new Key(counted.deviceId(), at.partition()), (key) -> new Group())
					.add(at.offset(), counted.measuredAt(), stored);
			}
		}
		List<DeviceUpdate> updates = new ArrayList<>(groups.size());
		groups.forEach((key, group) -> updates.add(group.update(key)));
		return updates;
	}

	/**
	 * When the reading of one written item was stored, if the item counts toward its
	 * device.
	 * @param status what the readings write did with the item
	 * @param position where the item was read from
	 * @param alreadyStored for a duplicate, what the stored reading says, or {@code null}
	 * @param storedAt when this batch stored what it inserted
	 * @return the storage time of a counted reading, or {@code null} when it does not
	 * count
	 */
	static Instant storedAt(WriteResult.Status status, KafkaPosition position, AlreadyStored alreadyStored,
			Instant storedAt) {
		return switch (status) {
			case INSERTED -> storedAt;
			case DUPLICATE -> (alreadyStored != null && position.equals(alreadyStored.position()))
					? Objects.requireNonNullElse(alreadyStored.storedAt(), storedAt) : null;
			case REJECTED -> null;
		};
	}

	/**
	 * What a stored reading says about its storage: the Kafka position of the record that
	 * stored it ({@code null} for a reading stored before positions were kept) and when.
	 *
	 * @param position the position, or {@code null}
	 * @param storedAt when it was stored
	 */
	record AlreadyStored(KafkaPosition position, Instant storedAt) {
	}

	private record Key(String deviceId, int partition) {
	}

	/** The counted readings of one device and partition, accumulated. */
	private static final class Group {

		private final List<Long> offsets = new ArrayList<>();

		private Instant firstMeasuredAt;

		private Instant lastMeasuredAt;

		private Instant lastStoredAt;

		void add(long offset, Instant measuredAt, Instant storedAt) {
			this.offsets.add(offset);
			this.firstMeasuredAt = (this.firstMeasuredAt == null || measuredAt.isBefore(this.firstMeasuredAt))
					? measuredAt : this.firstMeasuredAt;
			this.lastMeasuredAt = (this.lastMeasuredAt == null || measuredAt.isAfter(this.lastMeasuredAt)) ? measuredAt
					: this.lastMeasuredAt;
			this.lastStoredAt = (this.lastStoredAt == null || storedAt.isAfter(this.lastStoredAt)) ? storedAt
					: this.lastStoredAt;
		}

		DeviceUpdate update(Key key) {
			this.offsets.sort(null);
			return new DeviceUpdate(key.deviceId(), key.partition(), this.offsets, this.firstMeasuredAt,
					this.lastMeasuredAt, this.lastStoredAt);
		}

	}

}
