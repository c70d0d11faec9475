package io.telemetrypipeline.persistence.store;

/**
 * What MongoDB acknowledged for one event of a bulk write. Each event carries its own
 * result, so no caller lines results up by position.
 *
 * @param <T> the caller's item type, e.g. the Kafka record the event came from
 * @param source the item
 * @param status what became of it
 * @param reason why MongoDB refused it, for {@link Status#REJECTED}; otherwise
 * {@code null}
 */
public record WriteResult<T>(T source, Status status, String reason) {

	/**
	 * Whether the event is stored, now or before.
	 * @return {@code true} unless MongoDB refused it for good
	 */
	public boolean stored() {
		return this.status != Status.REJECTED;
	}

	/** What became of one event. */
	public enum Status {

		/** Stored now. */
		INSERTED,

		/** Already stored (duplicate key on the event id): a success. */
		DUPLICATE,

		/** Refused for a reason retrying cannot fix: belongs in the dead-letter topic. */
		REJECTED

	}

}
