package io.telemetrypipeline.model;

import java.util.regex.Pattern;

/**
 * The character-set and length rules shared by input validation and the canonical event.
 * Each check returns {@code null} when the value is valid, otherwise a message that says
 * what is wrong.
 */
public final class FieldRules {

	/** AWS IoT thing names: letters, digits, ':', '_' and '-', at most 128. */
	static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9:_-]{1,128}");

	/** No ':' or '/', which {@link EventIds} uses as separators. */
	static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	/** Safe as a MongoDB field name: no leading '$', no '.'. */
	static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");

	static final int MAX_EVENT_ID_LENGTH = 512;

	private FieldRules() {
	}

	public static String checkDeviceId(String deviceId) {
		if (deviceId == null) {
			return "deviceId is required";
		}
		if (!DEVICE_ID.matcher(deviceId).matches()) {
			return "deviceId '" + abbreviate(deviceId)
					+ "' must be 1 to 128 characters of letters, digits, ':', '_' or '-'";
		}
		return null;
	}

	static String checkMessageId(String messageId) {
		if (!MESSAGE_ID.matcher(messageId).matches()) {
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

	static String checkFieldName(String kind, String name) {
		if (name == null || name.isEmpty()) {
			return kind + " names must not be empty";
		}
		if (name.startsWith("$")) {
			return kind + " name '" + abbreviate(name) + "' starts with '$', which MongoDB reserves for operators";
		}
		if (name.contains(".")) {
			return kind + " name '" + abbreviate(name) + "' contains '.', which MongoDB reads as a path separator";
		}
		if (!FIELD_NAME.matcher(name).matches()) {
			return kind + " name '" + abbreviate(name)
					+ "' must be 1 to 64 characters of letters, digits, '_' or '-', not starting with '-'";
		}
		return null;
	}

	static String abbreviate(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
	}

}
