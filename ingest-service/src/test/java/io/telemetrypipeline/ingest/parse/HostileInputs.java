package io.telemetrypipeline.ingest.parse;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generates message bodies with structure: a valid reading, then mutated field by field
 * (wrong types, huge and odd numbers, deep nesting, long strings, control characters,
 * lone surrogates, {@code $} and {@code .} in keys, duplicates, missing and extra
 * fields), then possibly damaged as text (truncated, a character inserted or deleted,
 * trailing garbage, base64 of it or of invalid UTF-8, padded to the size limit) or
 * replaced by random text. Each body carries the names of the mutations applied, so a run
 * can report which classes of input it tried and what became of them.
 * <p>
 * Generation draws from the {@link Random} jqwik hands over
 * ({@link Arbitraries#randomValue}), so jqwik's seed reproduces a run, at a small
 * fraction of the cost of composing jqwik arbitraries.
 */
final class HostileInputs {

	static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private static final long EARLIEST = ValidationLimits.DEFAULT_EARLIEST_TIMESTAMP.toEpochMilli();

	private static final List<String> TOP_LEVEL = List.of("deviceId", "clientId", "topic", "messageId", "timestamp",
			"readings", "tags", "firmware");

	private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	private static final DateTimeFormatter WITH_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

	private static final String[] TAG_TEXT = { "a", "Z", "0", " ", "-", "_", "/", ".", ":", "ä", "é", "€", "中",
			"\uD83C\uDF21", "\t", "\n", "\u0001" };

	private static final List<Odd> FIXED_VALUES = List.of(new Odd("null", "null"), new Odd("true", "true"),
			new Odd("false", "false"), new Odd("zero", "0"), new Odd("negative-zero", "-0.0"),
			new Odd("overflow", "1e400"), new Odd("negative-overflow", "-1e400"), new Odd("underflow", "1e-400"),
			new Odd("NaN", "NaN"), new Odd("Infinity", "Infinity"), new Odd("negative-Infinity", "-Infinity"),
			new Odd("empty-array", "[]"), new Odd("empty-object", "{}"), new Odd("array", "[1,2,3]"),
			new Odd("long-max-plus-one", "9223372036854775808"), new Odd("long-min", "-9223372036854775808"),
			new Odd("epoch-seconds", "1764000000"), new Odd("before-2000", "946684799999"),
			new Odd("fraction", "1.764e12"), new Odd("leading-zero", "01"), new Odd("hex", "0x1F"),
			new Odd("plus-sign", "+1"), new Odd("iso-without-offset", "\"2026-11-24T10:15:30\""),
			new Odd("iso-without-seconds", "\"2026-11-24T10:15Z\""),
			new Odd("iso-far-future", "\"2999-01-01T00:00:00Z\""),
			new Odd("iso-leap-second", "\"2026-06-30T23:59:60Z\""), new Odd("iso-bad-date", "\"2026-02-30T00:00:00Z\""),
			new Odd("iso-year-overflow", "\"+999999999-12-31T23:59:59Z\""), new Odd("bare-word", "yes"),
			new Odd("single-quoted", "'x'"), new Odd("unterminated-string", "\"abc"),
			new Odd("escaped-nul", "\"a\\u0000b\""), new Odd("reversed-surrogate-pair", "\"\\udf21\\ud83c\""),
			new Odd("escaped-surrogate-pair", "\"\\ud83c\\udf21\""), new Odd("bad-escape", "\"\\x41\""),
			new Odd("short-unicode-escape", "\"\\u12\""));

	private static final List<String> ODD_KEYS = List.of("$gt", "$where", "a.b", ".", "$", "", "-x", "_id",
			"x".repeat(64), "x".repeat(65), "é", "k\u0000", "\u0000", "k y", "Ünïcödé", "__proto__", "deviceId", "t");

	private static final int[] STRING_LENGTHS = { 0, 1, 63, 64, 65, 127, 128, 129, 255, 256, 257, 8191, 8192, 8193 };

	private static final byte[][] INVALID_UTF8 = { { (byte) 0xC3, '(' }, { (byte) 0xFF },
			{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
			{ (byte) 0xC0, (byte) 0xAF }, { (byte) 0xE2, (byte) 0x82 } };

	private HostileInputs() {
	}

	/**
	 * Valid readings mutated field by field and as text, and a share of random text.
	 * @return the inputs
	 */
	static Arbitrary<Input> inputs() {
		return Arbitraries.randomValue(HostileInputs::input);
	}

	/**
	 * Valid readings, not mutated: every one must be accepted.
	 * @return the inputs
	 */
	static Arbitrary<Input> validInputs() {
		return Arbitraries.randomValue((random) -> new Input(object(validMessage(random)), "valid"));
	}

	static Input input(Random random) {
		if (random.nextInt(100) < 8) {
			return randomText(random);
		}
		List<Field> message = validMessage(random);
		List<String> names = new ArrayList<>();
		int mutations = random.nextInt(4);
		for (int i = 0; i < mutations; i++) {
			names.add(mutate(random, message));
		}
		String body = object(message);
		if (random.nextInt(10) < 4) {
			TextMutation text = textMutation(random);
			body = text.apply().apply(body);
			names.add(text.name());
		}
		return new Input(body, names.isEmpty() ? "valid" : String.join("+", names));
	}

	// Valid messages

	private static List<Field> validMessage(Random random) {
		String deviceId = string(random, ID_CHARS + ":_-", 1, 24);
		List<Field> fields = new ArrayList<>();
		fields.add(new Field("deviceId", quote(deviceId)));
		switch (random.nextInt(3)) {
			case 0 -> fields.add(new Field("messageId", quote(string(random, ID_CHARS + "._-", 1, 24))));
			case 1 -> fields.add(new Field("messageId", Long.toString(random.nextLong(0, Long.MAX_VALUE))));
			default -> {
			}
		}
		fields.add(new Field("timestamp", timestamp(random)));
		fields.add(new Field("readings", readings(random)));
		if (random.nextBoolean()) {
			fields.add(new Field("tags", tags(random)));
		}
		if (random.nextInt(4) > 0) {
			fields.add(new Field("clientId", quote(deviceId)));
			fields.add(new Field("topic", quote("devices/" + deviceId + "/telemetry")));
		}
		if (random.nextInt(3) == 0) {
			fields.add(new Field("firmware", quote("1.2.3")));
		}
		return fields;
	}

	private static String timestamp(Random random) {
		long millis = random.nextLong(EARLIEST, NOW.toEpochMilli() + 3_600_000);
		return switch (random.nextInt(3)) {
			case 0 -> Long.toString(millis);
			case 1 -> quote(Instant.ofEpochMilli(millis).toString());
			default -> quote(WITH_SECONDS
				.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofHours(random.nextInt(-12, 15)))));
		};
	}

	private static String fieldName(Random random) {
		return string(random, ID_CHARS + "_", 1, 1) + string(random, ID_CHARS + "_-", 0, 63);
	}

	private static String readings(Random random) {
		List<Field> readings = new ArrayList<>();
		int count = random.nextInt(1, 9);
		for (int i = 0; i < count; i++) {
			String value = switch (random.nextInt(3)) {
				case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong()));
				case 1 -> Integer.toString(random.nextInt());
				default -> BigDecimal.valueOf(random.nextLong(-1_000_000_000, 1_000_000_000), 3).toPlainString();
			};
			readings.add(new Field(fieldName(random), value.contains("N") ? "0" : value));
		}
		return object(unique(readings));
	}

	private static String tags(Random random) {
		List<Field> tags = new ArrayList<>();
		int count = random.nextInt(6);
		for (int i = 0; i < count; i++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(random.nextBoolean() ? 16 : 257);
			for (int c = 0; c < length; c++) {
				value.append(TAG_TEXT[random.nextInt(TAG_TEXT.length)]);
			}
			tags.add(new Field(fieldName(random), quote(value.toString())));
		}
		return object(unique(tags));
	}

	private static List<Field> unique(List<Field> fields) {
		List<Field> unique = new ArrayList<>();
		for (Field field : fields) {
			if (unique.stream().noneMatch((f) -> f.key().equals(field.key()))) {
				unique.add(field);
			}
		}
		return unique;
	}

	// Field mutations

	private static String mutate(Random random, List<Field> message) {
		String field = TOP_LEVEL.get(random.nextInt(TOP_LEVEL.size()));
		int kind = random.nextInt(80);
		if (kind < 30) {
			Odd value = oddValue(random);
			replace(message, field, value.json());
			return field + ":" + value.name();
		}
		if (kind < 38) {
			message.removeIf((f) -> f.key().equals(field));
			return field + ":missing";
		}
		if (kind < 44) {
			message.stream()
				.filter((f) -> f.key().equals(field))
				.findFirst()
				.ifPresent((f) -> message.add(new Field(f.key(), f.json())));
			return field + ":duplicate";
		}
		String container = random.nextBoolean() ? "readings" : "tags";
		if (kind < 68) {
			Odd key = oddKey(random);
			Odd value = (kind < 58) ? oddValue(random) : oddString(random);
			addEntry(message, container, key.json(), value.json());
			return container + ".key:" + key.name() + "=" + value.name();
		}
		if (kind < 72) {
			replace(message, container, manyEntries(container, random.nextInt(15, 111)));
			return container + ":many-entries";
		}
		Odd key = oddKey(random);
		Odd value = oddValue(random);
		message.add(new Field(key.json(), value.json()));
		return "extra-field:" + key.name() + "=" + value.name();
	}

	private static Odd oddValue(Random random) {
		int kind = random.nextInt(36);
		if (kind < 10) {
			return FIXED_VALUES.get(random.nextInt(FIXED_VALUES.size()));
		}
		int n = random.nextInt(1, 201);
		return switch (kind) {
			case 10, 11, 12 -> new Odd("digits-" + bucket(n), "9".repeat(n));
			case 13, 14 -> new Odd("decimals-" + bucket(n), "1." + "3".repeat(n));
			case 15, 16 -> new Odd("any-long", Long.toString(random.nextLong()));
			case 17, 18 -> new Odd("any-double", Double.toString(Double.longBitsToDouble(random.nextLong())));
			case 19, 20, 21 ->
				new Odd("nested-arrays-" + bucket(n % 40 + 1), "[".repeat(n % 40 + 1) + "]".repeat(n % 40 + 1));
			case 22, 23 -> new Odd("nested-objects-" + bucket(n % 40 + 1),
					"{\"a\":".repeat(n % 40 + 1) + "1" + "}".repeat(n % 40 + 1));
			default -> oddString(random);
		};
	}

	private static Odd oddString(Random random) {
		int n = (random.nextInt(5) > 0) ? STRING_LENGTHS[random.nextInt(STRING_LENGTHS.length)]
				: random.nextInt(10_001);
		char control = (char) random.nextInt(0x20);
		char surrogate = (char) random.nextInt(0xD800, 0xE000);
		return switch (random.nextInt(24)) {
			case 0, 1, 2, 3 -> new Odd("string-" + bucket(n), quote("s".repeat(n)));
			case 4, 5 -> new Odd("multibyte-string-" + bucket(n), quote("é".repeat(n)));
			case 6, 7 -> new Odd("emoji-string-" + bucket(n), quote("\uD83C\uDF21".repeat(n)));
			case 8, 9 -> new Odd("raw-control-char", "\"a" + control + "b\"");
			case 10, 11 -> new Odd("escaped-control-char", quote("a" + control + "b"));
			case 12, 13, 14 -> new Odd("escaped-lone-surrogate", "\"x" + escape(surrogate) + "y\"");
			case 15, 16, 17 -> new Odd("raw-lone-surrogate", "\"x" + surrogate + "y\"");
			case 18, 19, 20 -> new Odd("random-unicode-string", quote(randomChars(random, 40)));
			default -> new Odd("punctuation-string",
					quote(List.of("$gt", "a.b", "devices/x/telemetry", "", " ", "d1/../d2", "a:b", "sensor-1")
						.get(random.nextInt(8))));
		};
	}

	private static Odd oddKey(Random random) {
		return switch (random.nextInt(14)) {
			case 0, 1, 2, 3, 4, 5 -> {
				String key = ODD_KEYS.get(random.nextInt(ODD_KEYS.size()));
				yield new Odd("key[" + safeName(key) + "]", key);
			}
			case 6, 7 -> new Odd("key[lone-surrogate]", "k" + (char) random.nextInt(0xD800, 0xE000));
			case 8, 9 -> new Odd("key[control-char]", "k" + (char) random.nextInt(0x20));
			case 10 -> {
				int n = random.nextInt(10_001);
				yield new Odd("key[long-" + bucket(n) + "]", "k".repeat(n));
			}
			default -> new Odd("key[random]", randomChars(random, 10));
		};
	}

	// Text mutations

	private static TextMutation textMutation(Random random) {
		double at = random.nextDouble();
		return switch (random.nextInt(43)) {
			case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 ->
				new TextMutation("truncated", (text) -> text.substring(0, index(text, at)));
			case 10, 11, 12, 13, 14, 15 -> {
				char c = (char) random.nextInt(Character.MAX_VALUE + 1);
				yield new TextMutation("char-inserted", (text) -> {
					int i = index(text, at);
					return text.substring(0, i) + c + text.substring(i);
				});
			}
			case 16, 17, 18, 19, 20 -> new TextMutation("char-deleted", (text) -> {
				int i = index(text, at);
				return (i < text.length()) ? text.substring(0, i) + text.substring(i + 1) : text;
			});
			case 21, 22, 23, 24 -> {
				String tail = List.of("x", "{}", "}", ",", " \n", "\u0000", "null", "[").get(random.nextInt(8));
				yield new TextMutation("trailing-garbage", (text) -> text + tail);
			}
			case 25, 26, 27, 28, 29, 30 -> {
				boolean wrapped = random.nextBoolean();
				yield new TextMutation("base64", (text) -> base64(text.getBytes(StandardCharsets.UTF_8), wrapped));
			}
			case 31, 32, 33, 34, 35, 36 -> {
				byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
				yield new TextMutation("base64-of-invalid-utf8", (text) -> base64(invalidUtf8(text, at, bad), false));
			}
			case 37, 38 -> new TextMutation("json-array", (text) -> "[" + text + "]");
			case 39, 40 -> new TextMutation("whitespace-around", (text) -> " \t\r\n" + text + "\n ");
			default -> {
				int delta = random.nextInt(-8, 9);
				yield new TextMutation("padded-to-the-size-limit",
						(text) -> text.substring(0, text.length() - 1)
								+ " ".repeat(Math.max(0, ValidationLimits.DEFAULT_MAX_PAYLOAD_BYTES + delta
										- (int) TelemetryParser.utf8Length(text)))
								+ "}");
			}
		};
	}

	private static Input randomText(Random random) {
		return switch (random.nextInt(10)) {
			case 0, 1, 2, 3 -> new Input(randomChars(random, 300), "random-unicode");
			case 4, 5, 6 ->
				new Input(string(random, "{}[]\":,0123456789.eE+-truefalsn\\u ", 0, 300), "random-json-alphabet");
			default -> {
				byte[] bytes = new byte[random.nextInt(301)];
				random.nextBytes(bytes);
				yield new Input(base64(bytes, false), "base64-of-random-bytes");
			}
		};
	}

	// Writing JSON

	private static String object(List<Field> fields) {
		StringBuilder json = new StringBuilder("{");
		for (Field field : fields) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append(quote(field.key())).append(':').append(field.json());
		}
		return json.append('}').toString();
	}

	/**
	 * A JSON string literal, as a device's JSON library writes it: control characters and
	 * lone surrogates escaped, surrogate pairs as they are.
	 * @param text the string
	 * @return the literal
	 */
	static String quote(String text) {
		StringBuilder json = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				json.append(c).append(text.charAt(++i));
			}
			else if (c < 0x20 || Character.isSurrogate(c)) {
				appendEscape(json, c);
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	private static String escape(char c) {
		return appendEscape(new StringBuilder(6), c).toString();
	}

	private static StringBuilder appendEscape(StringBuilder json, char c) {
		json.append("\\u");
		for (int shift = 12; shift >= 0; shift -= 4) {
			json.append(Character.forDigit((c >> shift) & 0xF, 16));
		}
		return json;
	}

	private static void replace(List<Field> message, String field, String json) {
		boolean replaced = false;
		for (int i = 0; i < message.size(); i++) {
			if (message.get(i).key().equals(field)) {
				message.set(i, new Field(field, json));
				replaced = true;
			}
		}
		if (!replaced) {
			message.add(new Field(field, json));
		}
	}

	private static void addEntry(List<Field> message, String field, String key, String json) {
		String entry = quote(key) + ":" + json;
		for (int i = 0; i < message.size(); i++) {
			Field existing = message.get(i);
			if (existing.key().equals(field) && existing.json().startsWith("{") && existing.json().endsWith("}")) {
				String inner = existing.json().substring(1, existing.json().length() - 1);
				message.set(i, new Field(field, "{" + inner + (inner.isBlank() ? "" : ",") + entry + "}"));
				return;
			}
		}
		message.add(new Field(field, "{" + entry + "}"));
	}

	private static String manyEntries(String field, int count) {
		List<Field> entries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			entries.add(new Field("e" + i, field.equals("tags") ? quote("v" + i) : String.valueOf(i)));
		}
		return object(entries);
	}

	private static String string(Random random, String chars, int minLength, int maxLength) {
		int length = random.nextInt(minLength, maxLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(chars.charAt(random.nextInt(chars.length())));
		}
		return text.toString();
	}

	private static String randomChars(Random random, int maxLength) {
		int length = random.nextInt(maxLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) random.nextInt(Character.MAX_VALUE + 1));
		}
		return text.toString();
	}

	private static byte[] invalidUtf8(String text, double at, byte[] bad) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		int i = (int) (at * utf8.length);
		ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + bad.length);
		out.write(utf8, 0, i);
		out.writeBytes(bad);
		out.write(utf8, i, utf8.length - i);
		return out.toByteArray();
	}

	private static String base64(byte[] bytes, boolean wrapped) {
		return wrapped ? Base64.getMimeEncoder().encodeToString(bytes) : Base64.getEncoder().encodeToString(bytes);
	}

	private static int index(String text, double at) {
		return Math.min(text.length(), (int) (at * text.length()));
	}

	private static String bucket(int n) {
		if (n <= 64) {
			return "short";
		}
		if (n <= 256) {
			return "medium";
		}
		return (n <= 8192) ? "long" : "very-long";
	}

	private static String safeName(String key) {
		if (key.isEmpty()) {
			return "empty";
		}
		if (key.length() > 20) {
			return "x*" + key.length();
		}
		return key.replace("\u0000", "NUL");
	}

	/**
	 * A generated body and how it was made.
	 *
	 * @param body the SQS message body
	 * @param mutations the names of the mutations applied, e.g. {@code valid} or
	 * {@code timestamp:overflow+truncated}
	 */
	record Input(String body, String mutations) {

		@Override
		public String toString() {
			String shown = (this.body.length() > 2_000)
					? this.body.substring(0, 2_000) + "...(" + this.body.length() + " chars)" : this.body;
			return this.mutations + ": " + shown;
		}

	}

	/**
	 * A field of the JSON object being built: its key and its value as raw JSON text (so
	 * invalid JSON, duplicates and odd keys can be written too).
	 */
	private record Field(String key, String json) {
	}

	private record TextMutation(String name, UnaryOperator<String> apply) {
	}

	/** A named piece of raw JSON: a value, or a key's text. */
	private record Odd(String name, String json) {
	}

}
