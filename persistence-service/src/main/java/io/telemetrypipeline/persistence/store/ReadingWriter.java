package io.telemetrypipeline.persistence.store;

import java.util.List;
import java.util.function.Function;

import io.telemetrypipeline.model.TelemetryEvent;

/**
 * Stores events as readings, each at most once (its event id is its key), updates the
 * summaries of their devices in the same step, and reports for each event whether it is
 * stored. Throws when the write failed for a reason that retrying can fix, so the caller
 * acknowledges nothing and retries; a retried batch neither stores nor counts a reading
 * twice.
 */
public interface ReadingWriter {

	/**
	 * Writes the events and returns what the store acknowledged for each.
	 * @param <T> the caller's item type
	 * @param items the items, in any order
	 * @param event the event of an item
	 * @param position where an item was read from Kafka
	 * @return one result per item, in the order of {@code items}
	 */
	<T> List<WriteResult<T>> write(List<T> items, Function<T, TelemetryEvent> event,
			Function<T, KafkaPosition> position);

}
