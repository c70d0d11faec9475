package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a batch keeps its messages invisible while it may still be in flight. A batch is in
 * flight for at most its deadline ({@code telemetry.ingest.publish-timeout}) from the
 * moment the listener got it, and its messages must stay invisible until then plus the
 * margin ({@code telemetry.ingest.listener.visibility-margin}) that covers the delete
 * call. SQS counts the visibility timeout from the receive instead, so a batch that
 * waited before the listener got it, or a queue whose own visibility timeout is shorter
 * than the deadline, legitimately needs longer. Such a batch extends its messages'
 * visibility once, when it is still in flight at half the visibility timeout, to exactly
 * its deadline plus the margin: never further, so a batch that failed is redelivered as
 * soon as it can be.
 *
 * @param delay how long after the listener got the batch the extension is due
 * @param visibility the visibility timeout to set then, counted from that moment
 */
record VisibilityExtension(Duration delay, Duration visibility) {

	/** The longest visibility timeout SQS accepts. */
	static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

	/**
	 * Plans the extension of a batch, if it needs one.
	 * @param receivedAt when its earliest message was received
	 * @param visibilityTimeout the visibility timeout its messages got at the receive
	 * @param needed how long after {@code now} they must stay invisible: the deadline
	 * plus the margin
	 * @param now when the listener got the batch
	 * @return the extension, or empty when the messages stay invisible long enough
	 */
	static Optional<VisibilityExtension> plan(Instant receivedAt, Duration visibilityTimeout, Duration needed,
			Instant now) {
		Instant visibleAgain = receivedAt.plus(visibilityTimeout);
		Instant mustStayUntil = now.plus(needed);
		if (!mustStayUntil.isAfter(visibleAgain)) {
			return Optional.empty();
		}
		Instant halfway = receivedAt.plus(visibilityTimeout.dividedBy(2));
		Instant due = halfway.isAfter(now) ? halfway : now;
		Duration visibility = wholeSeconds(Duration.between(due, mustStayUntil));
		return Optional.of(new VisibilityExtension(Duration.between(now, due),
				(visibility.compareTo(SQS_MAX_VISIBILITY) > 0) ? SQS_MAX_VISIBILITY : visibility));
	}

	/** SQS takes whole seconds: rounded up, so the messages never reappear early. */
	private static Duration wholeSeconds(Duration duration) {
		long seconds = duration.toSeconds();
		return Duration.ofSeconds((duration.toNanosPart() > 0) ? seconds + 1 : seconds);
	}

	/**
	 * The visibility timeout to set, as SQS takes it.
	 * @return whole seconds
	 */
	int seconds() {
		return Math.toIntExact(this.visibility.toSeconds());
	}

}
