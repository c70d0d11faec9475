package io.telemetrypipeline.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Parses ISO-8601 instants as {@link Instant#parse} does, with a fast path for the UTC
 * form every device and the event codec write ({@code 2026-11-24T10:15:30Z}, optionally
 * with a fraction of a second) that allocates almost nothing. Any other form (an offset,
 * a leap second, an out-of-range field) goes to {@link Instant#parse}, so the accepted
 * set and the results are exactly those of the JDK.
 */
public final class Instants {

	private static final int SHORTEST = "2026-11-24T10:15:30Z".length();

	private Instants() {
	}

	/**
	 * Parses an instant.
	 * @param text the text
	 * @return the instant
	 * @throws DateTimeParseException if the text is not an ISO-8601 instant
	 */
	public static Instant parse(String text) {
		Instant fast = parseUtc(text);
		return (fast != null) ? fast : Instant.parse(text);
	}

	private static Instant parseUtc(String text) {
		int length = text.length();
		if (length < SHORTEST || length > SHORTEST + 10 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
				|| text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59) {
			return null;
		}
		int nanos = 0;
		if (length > SHORTEST) {
			// ".", then 1 to 9 digits
			int fractionDigits = length - SHORTEST - 1;
			if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
				return null;
			}
			nanos = digits(text, 20, fractionDigits);
			if (nanos < 0) {
				return null;
			}
			for (int i = fractionDigits; i < 9; i++) {
				nanos *= 10;
			}
		}
		if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
			return null;
		}
		long epochDay = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
	}

	private static int digits(String text, int start, int count) {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
