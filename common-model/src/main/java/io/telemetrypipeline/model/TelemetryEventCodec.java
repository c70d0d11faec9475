package io.telemetrypipeline.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

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
		.addModule(new SimpleModule("telemetry-instants").addDeserializer(Instant.class, new InstantDeserializer()))
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
	 * Reads the ISO-8601 strings this codec writes through {@link Instants}, which
	 * allocates almost nothing for them.
	 */
	private static final class InstantDeserializer extends ValueDeserializer<Instant> {

		@Override
		public Instant deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (Instant) context.handleUnexpectedToken(Instant.class, parser);
			}
			String text = parser.getString();
			try {
				return Instants.parse(text);
			}
			catch (DateTimeParseException ex) {
				return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
			}
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
