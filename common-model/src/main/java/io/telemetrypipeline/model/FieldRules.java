package io.telemetrypipeline.model;

/**
 * The character-set and length rules shared by input validation and the canonical event.
 * Each check returns {@code null} when the value is valid, otherwise a message that says
 * what is wrong.
 */
public final class FieldRules {

	/** AWS IoT thing names: letters, digits, ':', '_' and '-', at most 128. */
	private static final String DEVICE_ID_PUNCTUATION = ":_-";

	private static final int MAX_ID_LENGTH = 128;

	/** No ':' or '/', which {@link EventIds} uses as separators. */
	private static final String MESSAGE_ID_PUNCTUATION = "._-";

	/**
	 * Safe as a MongoDB field name: letters, digits, '_' and '-', not starting with '-'
	 * (so never a leading '$' nor a '.').
	 */
	private static final String FIELD_NAME_PUNCTUATION = "_-";

	private static final int MAX_FIELD_NAME_LENGTH = 64;

	static final int MAX_EVENT_ID_LENGTH = 512;

	private FieldRules() {
	}

	/**
	 * A device id, as AWS IoT thing names are.
	 * @param deviceId the id
	 * @return {@code null} when valid, otherwise what is wrong
	 */
	public static String checkDeviceId(String deviceId) {
		if (deviceId == null) {
			return "deviceId is required";
		}
		if (!consistsOf(deviceId, DEVICE_ID_PUNCTUATION, MAX_ID_LENGTH)) {
			return "deviceId '" + abbreviate(deviceId)
					+ "' must be 1 to 128 characters of letters, digits, ':', '_' or '-'";
		}
		return null;
	}

	/**
	 * A device's own message id: letters, digits, '.', '_' and '-'.
	 * @param messageId the id
	 * @return {@code null} when valid, otherwise what is wrong
	 */
	public static String checkMessageId(String messageId) {
		if (!consistsOf(messageId, MESSAGE_ID_PUNCTUATION, MAX_ID_LENGTH)) {
			return "messageId '" + abbreviate(messageId)
					+ "' must be 1 to 128 characters of letters, digits, '.', '_' or '-'";
		}
		return null;
	}

	static String checkEventId(String eventId) {
		if (eventId == null || eventId.isBlank() || eventId.length() > MAX_EVENT_ID_LENGTH) {
			return "eventId is required and at most " + MAX_EVENT_ID_LENGTH + " characters";
		}
		return null;
	}

	/**
	 * A reading or tag name, safe as a MongoDB field name.
	 * @param kind what the name is of, for the message, e.g. {@code reading}
	 * @param name the name
	 * @return {@code null} when valid, otherwise what is wrong
	 */
	public static String checkFieldName(String kind, String name) {
		if (name == null || name.isEmpty()) {
			return kind + " names must not be empty";
		}
		if (name.startsWith("$")) {
			return kind + " name '" + abbreviate(name) + "' starts with '$', which MongoDB reserves for operators";
		}
		if (name.contains(".")) {
			return kind + " name '" + abbreviate(name) + "' contains '.', which MongoDB reads as a path separator";
		}
		if (name.charAt(0) == '-' || !consistsOf(name, FIELD_NAME_PUNCTUATION, MAX_FIELD_NAME_LENGTH)) {
			return kind + " name '" + abbreviate(name)
					+ "' must be 1 to 64 characters of letters, digits, '_' or '-', not starting with '-'";
		}
		return null;
	}

	/**
	 * Whether a value is 1 to {@code maxLength} ASCII letters, digits or characters of
	 * {@code punctuation}. A loop rather than a regular expression: it runs for every
	 * field of every message and allocates nothing.
	 * @param value the value to check
	 * @param punctuation the characters allowed besides ASCII letters and digits
	 * @param maxLength the most characters allowed
	 * @return whether the value is valid
	 */
	private static boolean consistsOf(String value, String punctuation, int maxLength) {
		if (value.isEmpty() || value.length() > maxLength) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| punctuation.indexOf(c) >= 0;
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A value short enough to quote in a rejection reason or a log line.
	 * @param value the value
	 * @return its first 40 characters, then {@code ...} when longer
	 */
	public static String abbreviate(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
	}

}
