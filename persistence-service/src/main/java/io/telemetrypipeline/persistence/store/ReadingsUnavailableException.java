package io.telemetrypipeline.persistence.store;

/**
 * The store could not answer a query now: MongoDB is unreachable or did not answer within
 * {@code telemetry.persistence.mongo-operation-timeout}. Retrying later may succeed.
 */
public class ReadingsUnavailableException extends RuntimeException {

	/**
	 * A query failed because the store is unavailable.
	 * @param message what failed
	 * @param cause the driver's failure
	 */
	public ReadingsUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
