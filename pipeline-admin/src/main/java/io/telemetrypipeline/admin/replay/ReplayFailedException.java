package io.telemetrypipeline.admin.replay;

/**
 * Kafka did not acknowledge a batch's records: nothing of that batch was committed, and
 * running the command again resends it.
 */
final class ReplayFailedException extends RuntimeException {

	ReplayFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
