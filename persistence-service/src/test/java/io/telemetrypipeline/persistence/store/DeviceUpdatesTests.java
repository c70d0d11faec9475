package io.telemetrypipeline.persistence.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.telemetrypipeline.model.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which readings of a written batch count toward their devices: those the batch inserted,
 * and duplicates stored by an earlier attempt of the very same record (same partition and
 * offset); never a duplicate another record stored, one stored before positions were
 * kept, or a refused one. What counts is grouped per device and partition with its
 * offsets in order and its time bounds.
 */
class DeviceUpdatesTests {

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private static final Instant EARLIER = Instant.parse("2026-11-24T11:59:00Z");

	private static final KafkaPosition AT = new KafkaPosition(2, 100);

	static Stream<Arguments> results() {
		return Stream.of(Arguments.argumentSet("inserted now", WriteResult.Status.INSERTED, null, NOW),
				Arguments.argumentSet("stored by an earlier attempt of this record", WriteResult.Status.DUPLICATE,
						new DeviceUpdates.AlreadyStored(AT, EARLIER), EARLIER),
				Arguments.argumentSet("stored by an earlier attempt, storage time unknown",
						WriteResult.Status.DUPLICATE, new DeviceUpdates.AlreadyStored(AT, null), NOW),
				Arguments.argumentSet("stored by another record at another offset", WriteResult.Status.DUPLICATE,
						new DeviceUpdates.AlreadyStored(new KafkaPosition(2, 7), EARLIER), null),
				Arguments.argumentSet("stored by another record in another partition", WriteResult.Status.DUPLICATE,
						new DeviceUpdates.AlreadyStored(new KafkaPosition(3, 100), EARLIER), null),
				Arguments.argumentSet("stored before positions were kept", WriteResult.Status.DUPLICATE,
						new DeviceUpdates.AlreadyStored(null, EARLIER), null),
				Arguments.argumentSet("duplicate no longer found (expired)", WriteResult.Status.DUPLICATE, null, null),
				Arguments.argumentSet("refused by MongoDB", WriteResult.Status.REJECTED, null, null));
	}

	@ParameterizedTest
	@MethodSource("results")
	void countsAReadingOnlyWhenThisRecordStoredIt(WriteResult.Status status, DeviceUpdates.AlreadyStored stored,
			Instant countedAs) {
		assertThat(DeviceUpdates.storedAt(status, AT, stored, NOW)).isEqualTo(countedAs);
	}

	@Test
	void groupsTheCountedReadingsPerDeviceAndPartitionWithOffsetsInOrderAndTimeBounds() {
		List<Item> items = List.of(item("a", "a/3", 0, 12, "10:03"), item("a", "a/1", 0, 10, "10:01"),
				item("b", "b/1", 0, 11, "10:02"), item("a", "a/9", 1, 5, "09:00"), item("a", "a/2", 0, 13, "10:05"),
				item("b", "b/2", 0, 14, "10:04"), item("b", "b/3", 0, 15, "10:06"));
		List<WriteResult<Item>> results = List.of(result(items.get(0), WriteResult.Status.INSERTED),
				result(items.get(1), WriteResult.Status.DUPLICATE), result(items.get(2), WriteResult.Status.INSERTED),
				result(items.get(3), WriteResult.Status.INSERTED), result(items.get(4), WriteResult.Status.DUPLICATE),
				result(items.get(5), WriteResult.Status.REJECTED), result(items.get(6), WriteResult.Status.DUPLICATE));
		Map<String, DeviceUpdates.AlreadyStored> stored = Map.of("a/1",
				new DeviceUpdates.AlreadyStored(new KafkaPosition(0, 10), EARLIER), "a/2",
				new DeviceUpdates.AlreadyStored(new KafkaPosition(0, 3), EARLIER), "b/3",
				new DeviceUpdates.AlreadyStored(new KafkaPosition(0, 15), EARLIER));

		List<DeviceUpdate> updates = DeviceUpdates.of(results, Item::event, Item::position, NOW, stored);

		assertThat(updates).containsExactly(new DeviceUpdate("a", 0, List.of(10L, 12L), at("10:01"), at("10:03"), NOW),
				new DeviceUpdate("b", 0, List.of(11L, 15L), at("10:02"), at("10:06"), NOW),
				new DeviceUpdate("a", 1, List.of(5L), at("09:00"), at("09:00"), NOW));
		assertThat(updates.get(0).countedOffsetField()).isEqualTo("countedOffsets.p0");
		assertThat(updates.get(2).countedOffsetField()).isEqualTo("countedOffsets.p1");
	}

	@Test
	void aBatchOfOnlyForeignDuplicatesUpdatesNoDevice() {
		Item item = item("a", "a/1", 0, 20, "10:00");
		List<DeviceUpdate> updates = DeviceUpdates.of(List.of(result(item, WriteResult.Status.DUPLICATE)), Item::event,
				Item::position, NOW, Map.of("a/1", new DeviceUpdates.AlreadyStored(new KafkaPosition(0, 4), EARLIER)));

		assertThat(updates).isEmpty();
	}

	private static Item item(String deviceId, String eventId, int partition, long offset, String time) {
		return new Item(new TelemetryEvent(1, eventId, deviceId, at(time), Map.of("t", 1.0), Map.of(),
				new TelemetryEvent.Origin(null, NOW, null, null)), new KafkaPosition(partition, offset));
	}

	private static WriteResult<Item> result(Item item, WriteResult.Status status) {
		return new WriteResult<>(item, status, (status == WriteResult.Status.REJECTED) ? "refused" : null);
	}

	private static Instant at(String time) {
		return Instant.parse("2026-11-24T" + time + ":00Z");
	}

	private record Item(TelemetryEvent event, KafkaPosition position) {
	}

}
