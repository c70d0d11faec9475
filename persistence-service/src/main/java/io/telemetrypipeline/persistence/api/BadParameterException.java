package io.telemetrypipeline.persistence.api;

/**
 * A request parameter is invalid; the message names it and says what it must be.
 */
final class BadParameterException extends RuntimeException {

	BadParameterException(String message) {
		super(message);
	}

}
