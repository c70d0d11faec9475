package io.telemetrypipeline.persistence.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.telemetrypipeline.persistence.store.ReadingPosition;

/**
 * The {@code cursor} parameter of the paged endpoints: an opaque, URL-safe token
 * (base64url without padding) holding the position of the last item of the previous page.
 * A readings cursor holds that reading's measurement time (epoch milliseconds, as stored)
 * and event id, a devices cursor the device id; each kind starts with its own letter, so
 * a cursor of one endpoint is refused by the other.
 */
final class PageCursors {

	private static final String READINGS = "r";

	private static final String DEVICES = "d";

	private PageCursors() {
	}

	static String readings(ReadingPosition position) {
		return encode(READINGS + position.measuredAt().toEpochMilli() + ":" + position.eventId());
	}

	static ReadingPosition readingPosition(String cursor) {
		String value = decode(cursor, READINGS);
		int colon = value.indexOf(':');
		if (colon < 1 || colon == value.length() - 1) {
			throw refused(cursor);
		}
		try {
			return new ReadingPosition(Instant.ofEpochMilli(Long.parseLong(value.substring(0, colon))),
					value.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw refused(cursor);
		}
	}

	static String devices(String deviceId) {
		return encode(DEVICES + deviceId);
	}

	static String deviceAfter(String cursor) {
		String deviceId = decode(cursor, DEVICES);
		if (deviceId.isEmpty()) {
			throw refused(cursor);
		}
		return deviceId;
	}

	private static String encode(String value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String decode(String cursor, String kind) {
		String value;
		try {
			value = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw refused(cursor);
		}
		if (!value.startsWith(kind)) {
			throw refused(cursor);
		}
		return value.substring(kind.length());
	}

	private static BadParameterException refused(String cursor) {
		return new BadParameterException("'cursor' must be a cursor from this endpoint's Link header (rel=\"next\"), "
				+ "was '" + cursor + "'; start again without it");
	}

}
