package io.telemetrypipeline.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON codec of {@link TelemetryEvent}, the one wire format of the
 * {@code telemetry.events} topic. Both services use it, so the contract lives in one
 * place. Unknown properties are ignored (additive changes stay compatible within a schema
 * version); a payload that does not decode to a valid event raises
 * {@link InvalidEventException}. Thread-safe.
 */
public final class TelemetryEventCodec {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.changeDefaultPropertyInclusion((incl) -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	public byte[] encode(TelemetryEvent event) {
		return JSON.writeValueAsBytes(event);
	}

	public TelemetryEvent decode(byte[] json) {
		if (json == null) {
			throw new InvalidEventException("record has no value (tombstone)", null);
		}
		try {
			return JSON.readValue(json, TelemetryEvent.class);
		}
		catch (JacksonException ex) {
			Throwable cause = (ex.getCause() instanceof IllegalArgumentException
					|| ex.getCause() instanceof NullPointerException) ? ex.getCause() : ex;
			String detail = (cause == ex) ? ex.getOriginalMessage() : cause.getMessage();
			throw new InvalidEventException("not a valid telemetry event: " + detail, ex);
		}
	}

	/**
	 * Thrown when bytes do not decode to a valid {@link TelemetryEvent}. Such a record
	 * can never be stored and belongs in a dead-letter topic.
	 */
	public static final class InvalidEventException extends RuntimeException {

		InvalidEventException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
