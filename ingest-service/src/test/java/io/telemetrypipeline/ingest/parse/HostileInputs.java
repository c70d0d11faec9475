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
import java.util.function.UnaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generates message bodies with structure: a valid reading, then mutated field by field
 * (wrong types, huge and odd numbers, deep nesting, long strings, control characters,
 * lone surrogates, {@code $} and {@code .} in keys, duplicates, missing and extra
 * fields), then possibly damaged as text (truncated, a character inserted or deleted,
 * trailing garbage, base64 of it or of invalid UTF-8, padded to the size limit) or
 * replaced by random text. Each body carries the names of the mutations applied, so a run
 * can report which classes of input it tried and what became of them.
 */
final class HostileInputs {

	static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private static final Instant EARLIEST = ValidationLimits.DEFAULT_EARLIEST_TIMESTAMP;

	private static final List<String> TOP_LEVEL = List.of("deviceId", "clientId", "topic", "messageId", "timestamp",
			"readings", "tags", "firmware");

	private HostileInputs() {
	}

	/**
	 * Valid readings mutated field by field and as text, and a share of random text.
	 * @return the inputs
	 */
	static Arbitrary<Input> inputs() {
		Arbitrary<Input> structured = Combinators
			.combine(validMessages(), mutations().list().ofMaxSize(3), textMutations().injectNull(0.6))
			.as(HostileInputs::build);
		return Arbitraries.frequencyOf(Tuple.of(92, structured), Tuple.of(8, randomText()));
	}

	/**
	 * Valid readings, not mutated: every one must be accepted.
	 * @return the inputs
	 */
	static Arbitrary<Input> validInputs() {
		return validMessages().map((fields) -> new Input(write(fields), "valid"));
	}

	private static Input build(List<Field> fields, List<Mutation> mutations, TextMutation text) {
		List<Field> mutated = fields;
		List<String> names = new ArrayList<>();
		for (Mutation mutation : mutations) {
			mutated = mutation.apply().apply(new ArrayList<>(mutated));
			names.add(mutation.name());
		}
		String body = write(mutated);
		if (text != null) {
			body = text.apply().apply(body);
			names.add(text.name());
		}
		return new Input(body, names.isEmpty() ? "valid" : String.join("+", names));
	}

	// Valid messages

	static Arbitrary<List<Field>> validMessages() {
		Arbitrary<String> deviceIds = Arbitraries.strings()
			.alpha()
			.numeric()
			.withChars(":_-")
			.ofMinLength(1)
			.ofMaxLength(24);
		Arbitrary<String> messageIds = Arbitraries.oneOf(
				Arbitraries.strings()
					.alpha()
					.numeric()
					.withChars("._-")
					.ofMinLength(1)
					.ofMaxLength(24)
					.map(HostileInputs::quote),
				Arbitraries.longs().greaterOrEqual(0).map(String::valueOf), Arbitraries.just(null));
		return Combinators.combine(deviceIds, messageIds, timestamps(), readings(), tags(), Arbitraries.of(0, 1, 2))
			.as((deviceId, messageId, timestamp, readings, tags, origin) -> {
				List<Field> fields = new ArrayList<>();
				fields.add(new Field("deviceId", quote(deviceId)));
				if (messageId != null) {
					fields.add(new Field("messageId", messageId));
				}
				fields.add(new Field("timestamp", timestamp));
				fields.add(new Field("readings", readings));
				if (tags != null) {
					fields.add(new Field("tags", tags));
				}
				if (origin > 0) {
					fields.add(new Field("clientId", quote(deviceId)));
					fields.add(new Field("topic", quote("devices/" + deviceId + "/telemetry")));
				}
				if (origin > 1) {
					fields.add(new Field("firmware", quote("1.2.3")));
				}
				return fields;
			});
	}

	private static Arbitrary<String> timestamps() {
		Arbitrary<Long> millis = Arbitraries.longs().between(EARLIEST.toEpochMilli(), NOW.toEpochMilli() + 3_600_000);
		DateTimeFormatter withSeconds = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
		return Arbitraries.oneOf(millis.map(String::valueOf),
				millis.map((ms) -> quote(Instant.ofEpochMilli(ms).toString())),
				Combinators.combine(millis, Arbitraries.integers().between(-12, 14))
					.as((ms, hours) -> quote(
							withSeconds.format(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.ofHours(hours))))));
	}

	private static Arbitrary<String> fieldNames() {
		return Combinators
			.combine(Arbitraries.strings().alpha().numeric().withChars("_").ofLength(1),
					Arbitraries.strings().alpha().numeric().withChars("_-").ofMaxLength(63))
			.as(String::concat);
	}

	private static Arbitrary<String> readings() {
		Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.doubles().map(String::valueOf),
				Arbitraries.integers().map(String::valueOf),
				Arbitraries.bigDecimals()
					.between(BigDecimal.valueOf(-1_000_000), BigDecimal.valueOf(1_000_000))
					.ofScale(3)
					.map(BigDecimal::toPlainString));
		return Arbitraries.maps(fieldNames(), values).ofMinSize(1).ofMaxSize(8).map((map) -> {
			List<Field> fields = new ArrayList<>();
			map.forEach((name, value) -> fields.add(new Field(name, value)));
			return object(fields);
		});
	}

	private static Arbitrary<String> tags() {
		Arbitrary<String> values = Arbitraries.strings()
			.withChars("aZ0 -_/.:äé€中\t\n\u0001¤")
			.ofMaxLength(128)
			.withLengthDistribution(RandomDistribution.biased())
			.map((text) -> quote(text.replace("¤", "\uD83C\uDF21")));
		return Arbitraries.maps(fieldNames(), values).ofMaxSize(5).injectNull(0.3).map((map) -> {
			if (map == null) {
				return null;
			}
			List<Field> fields = new ArrayList<>();
			map.forEach((name, value) -> fields.add(new Field(name, value)));
			return object(fields);
		});
	}

	// Field mutations

	private static Arbitrary<Mutation> mutations() {
		Arbitrary<String> fields = Arbitraries.of(TOP_LEVEL);
		return Arbitraries.frequencyOf(
				Tuple.of(30,
						Combinators.combine(fields, oddValues())
							.as((field, value) -> new Mutation(field + ":" + value.name(),
									(message) -> replace(message, field, value.json())))),
				Tuple.of(8, fields.map((field) -> new Mutation(field + ":missing", (message) -> {
					message.removeIf((f) -> f.key().equals(field));
					return message;
				}))), Tuple.of(6, fields.map((field) -> new Mutation(field + ":duplicate", (message) -> {
					message.stream()
						.filter((f) -> f.key().equals(field))
						.findFirst()
						.ifPresent((f) -> message.add(new Field(f.key(), f.json())));
					return message;
				}))),
				Tuple.of(14,
						Combinators.combine(Arbitraries.of("readings", "tags"), oddKeys(), oddValues())
							.as((field, key, value) -> new Mutation(field + ".key:" + key.name() + "=" + value.name(),
									(message) -> addEntry(message, field, key.json(), value.json())))),
				Tuple.of(10,
						Combinators.combine(Arbitraries.of("readings", "tags"), oddKeys(), oddStrings())
							.as((field, key, value) -> new Mutation(field + ".key:" + key.name() + "=" + value.name(),
									(message) -> addEntry(message, field, key.json(), value.json())))),
				Tuple.of(4,
						Combinators.combine(Arbitraries.of("readings", "tags"), Arbitraries.integers().between(15, 110))
							.as((field, count) -> new Mutation(field + ":many-entries",
									(message) -> replace(message, field, manyEntries(field, count))))),
				Tuple.of(8, Combinators.combine(oddKeys(), oddValues())
					.as((key, value) -> new Mutation("extra-field:" + key.name() + "=" + value.name(), (message) -> {
						message.add(new Field(key.json(), value.json()));
						return message;
					}))));
	}

	private static Arbitrary<Odd> oddValues() {
		return Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.of(new Odd("null", "null"), new Odd("true", "true"),
				new Odd("false", "false"), new Odd("zero", "0"), new Odd("negative-zero", "-0.0"),
				new Odd("overflow", "1e400"), new Odd("negative-overflow", "-1e400"), new Odd("underflow", "1e-400"),
				new Odd("NaN", "NaN"), new Odd("Infinity", "Infinity"), new Odd("negative-Infinity", "-Infinity"),
				new Odd("empty-array", "[]"), new Odd("empty-object", "{}"), new Odd("array", "[1,2,3]"),
				new Odd("long-max-plus-one", "9223372036854775808"), new Odd("long-min", "-9223372036854775808"),
				new Odd("epoch-seconds", "1764000000"), new Odd("before-2000", "946684799999"),
				new Odd("fraction", "1.764e12"), new Odd("leading-zero", "01"), new Odd("hex", "0x1F"),
				new Odd("plus-sign", "+1"), new Odd("iso-without-offset", "\"2026-11-24T10:15:30\""),
				new Odd("iso-far-future", "\"2999-01-01T00:00:00Z\""),
				new Odd("iso-leap-second", "\"2026-06-30T23:59:60Z\""),
				new Odd("iso-bad-date", "\"2026-02-30T00:00:00Z\""),
				new Odd("iso-year-overflow", "\"+999999999-12-31T23:59:59Z\""), new Odd("bare-word", "yes"),
				new Odd("single-quoted", "'x'"), new Odd("unterminated-string", "\"abc"))),
				Tuple.of(3,
						Arbitraries.integers()
							.between(1, 200)
							.map((n) -> new Odd("digits-" + bucket(n), "9".repeat(n)))),
				Tuple.of(2,
						Arbitraries.integers()
							.between(1, 200)
							.map((n) -> new Odd("decimals-" + bucket(n), "1." + "3".repeat(n)))),
				Tuple.of(2, Arbitraries.longs().map((n) -> new Odd("any-long", String.valueOf(n)))),
				Tuple.of(2, Arbitraries.doubles().map((n) -> new Odd("any-double", String.valueOf(n)))),
				Tuple.of(3,
						Arbitraries.integers()
							.between(1, 40)
							.map((n) -> new Odd("nested-arrays-" + bucket(n), "[".repeat(n) + "]".repeat(n)))),
				Tuple.of(2, Arbitraries.integers()
					.between(1, 40)
					.map((n) -> new Odd("nested-objects-" + bucket(n), "{\"a\":".repeat(n) + "1" + "}".repeat(n)))),
				Tuple.of(10, oddStrings()));
	}

	private static Arbitrary<Odd> oddStrings() {
		Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
				Tuple.of(8, Arbitraries.of(0, 1, 63, 64, 65, 127, 128, 129, 255, 256, 257, 8191, 8192, 8193)),
				Tuple.of(2, Arbitraries.integers().between(0, 20_000)));
		return Arbitraries.frequencyOf(
				Tuple.of(4, lengths.map((n) -> new Odd("string-" + bucket(n), quote("s".repeat(n))))),
				Tuple.of(2, lengths.map((n) -> new Odd("multibyte-string-" + bucket(n), quote("é".repeat(n))))),
				Tuple.of(2, lengths.map((n) -> new Odd("emoji-string-" + bucket(n), quote("\uD83C\uDF21".repeat(n))))),
				Tuple.of(2,
						Arbitraries.chars()
							.range('\u0000', '\u001F')
							.map((c) -> new Odd("raw-control-char", "\"a" + c + "b\""))),
				Tuple.of(2,
						Arbitraries.chars()
							.range('\u0000', '\u001F')
							.map((c) -> new Odd("escaped-control-char", quote("a" + c + "b")))),
				Tuple.of(2, Arbitraries.just(new Odd("escaped-nul", "\"a\\u0000b\""))),
				Tuple.of(3,
						Arbitraries.chars()
							.range('\uD800', '\uDFFF')
							.map((c) -> new Odd("escaped-lone-surrogate", "\"x" + escape(c) + "y\""))),
				Tuple.of(3,
						Arbitraries.chars()
							.range('\uD800', '\uDFFF')
							.map((c) -> new Odd("raw-lone-surrogate", "\"x" + c + "y\""))),
				Tuple.of(1, Arbitraries.just(new Odd("reversed-surrogate-pair", "\"\\udf21\\ud83c\""))),
				Tuple.of(1, Arbitraries.just(new Odd("escaped-surrogate-pair", "\"\\ud83c\\udf21\""))),
				Tuple.of(1, Arbitraries.just(new Odd("bad-escape", "\"\\x41\""))),
				Tuple.of(1, Arbitraries.just(new Odd("short-unicode-escape", "\"\\u12\""))),
				Tuple.of(3,
						Arbitraries.strings()
							.all()
							.ofMaxLength(40)
							.map((s) -> new Odd("random-unicode-string", quote(s)))),
				Tuple.of(2, Arbitraries.of("$gt", "a.b", "devices/x/telemetry", "", " ", "d1/../d2", "a:b", "sensor-1")
					.map((s) -> new Odd("punctuation-string", quote(s)))));
	}

	private static Arbitrary<Odd> oddKeys() {
		return Arbitraries.frequencyOf(
				Tuple.of(6,
						Arbitraries
							.of("$gt", "$where", "a.b", ".", "$", "", "-x", "_id", "x".repeat(64), "x".repeat(65), "é",
									"k\u0000", "\u0000", "k y", "Ünïcödé", "__proto__", "deviceId", "t")
							.map((key) -> new Odd("key[" + safeName(key) + "]", key))),
				Tuple.of(2,
						Arbitraries.chars()
							.range('\uD800', '\uDFFF')
							.map((c) -> new Odd("key[lone-surrogate]", "k" + c))),
				Tuple.of(2,
						Arbitraries.chars()
							.range('\u0000', '\u001F')
							.map((c) -> new Odd("key[control-char]", "k" + c))),
				Tuple.of(1,
						Arbitraries.integers()
							.between(0, 10_000)
							.map((n) -> new Odd("key[long-" + bucket(n) + "]", "k".repeat(n)))),
				Tuple.of(3, Arbitraries.strings().all().ofMaxLength(10).map((s) -> new Odd("key[random]", s))));
	}

	// Text mutations

	private static Arbitrary<TextMutation> textMutations() {
		Arbitrary<Double> positions = Arbitraries.doubles().between(0, 1);
		return Arbitraries.frequencyOf(
				Tuple.of(10,
						positions
							.map((at) -> new TextMutation("truncated", (text) -> text.substring(0, index(text, at))))),
				Tuple.of(6, Combinators.combine(positions, Arbitraries.chars().all())
					.as((at, c) -> new TextMutation("char-inserted", (text) -> {
						int i = index(text, at);
						return text.substring(0, i) + c + text.substring(i);
					}))),
				Tuple.of(5, positions.map((at) -> new TextMutation("char-deleted", (text) -> {
					int i = index(text, at);
					return (i < text.length()) ? text.substring(0, i) + text.substring(i + 1) : text;
				}))),
				Tuple.of(4,
						Arbitraries.of("x", "{}", "}", ",", " \n", "\u0000", "null", "[")
							.map((tail) -> new TextMutation("trailing-garbage", (text) -> text + tail))),
				Tuple.of(6, Arbitraries.of(true, false)
					.map((wrapped) -> new TextMutation("base64",
							(text) -> base64(text.getBytes(StandardCharsets.UTF_8), wrapped)))),
				Tuple.of(6, Combinators
					.combine(positions,
							Arbitraries.of(new byte[] { (byte) 0xC3, '(' }, new byte[] { (byte) 0xFF },
									new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
									new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
									new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xE2, (byte) 0x82 }))
					.as((at, bytes) -> new TextMutation("base64-of-invalid-utf8",
							(text) -> base64(invalidUtf8(text, at, bytes), false)))),
				Tuple.of(2, Arbitraries.just(new TextMutation("json-array", (text) -> "[" + text + "]"))),
				Tuple.of(2, Arbitraries.just(
						new TextMutation("whitespace-around", (text) -> " \t\r\n" + text + "\n "))),
				Tuple.of(1,
						Arbitraries.integers()
							.between(-8, 8)
							.map((delta) -> new TextMutation(
									"padded-to-the-size-limit", (
											text) -> text.substring(0, text.length() - 1)
													+ " ".repeat(Math.max(0,
															ValidationLimits.DEFAULT_MAX_PAYLOAD_BYTES + delta
																	- (int) TelemetryParser.utf8Length(text)))
													+ "}"))));
	}

	private static Arbitrary<Input> randomText() {
		return Arbitraries.frequencyOf(
				Tuple.of(4, Arbitraries.strings().all().ofMaxLength(300).map((s) -> new Input(s, "random-unicode"))),
				Tuple.of(3,
						Arbitraries.strings()
							.withChars("{}[]\":,0123456789.eE+-truefalsn\\u ")
							.ofMaxLength(300)
							.map((s) -> new Input(s, "random-json-alphabet"))),
				Tuple.of(3,
						Arbitraries.bytes()
							.array(byte[].class)
							.ofMaxSize(300)
							.map((bytes) -> new Input(base64(bytes, false), "base64-of-random-bytes"))));
	}

	// Writing JSON

	static String write(List<Field> fields) {
		return object(fields);
	}

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
	 * A JSON string literal; control characters and surrogates (paired or not) escaped,
	 * as a device's JSON library writes them.
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
			else if (c < 0x20 || Character.isSurrogate(c)) {
				json.append(escape(c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	private static String escape(char c) {
		return String.format("\\u%04x", (int) c);
	}

	private static List<Field> replace(List<Field> message, String field, String json) {
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
		return message;
	}

	private static List<Field> addEntry(List<Field> message, String field, String key, String json) {
		String entry = quote(key) + ":" + json;
		for (int i = 0; i < message.size(); i++) {
			Field existing = message.get(i);
			if (existing.key().equals(field) && existing.json().startsWith("{") && existing.json().endsWith("}")) {
				String inner = existing.json().substring(1, existing.json().length() - 1);
				message.set(i, new Field(field, "{" + inner + (inner.isBlank() ? "" : ",") + entry + "}"));
				return message;
			}
		}
		message.add(new Field(field, "{" + entry + "}"));
		return message;
	}

	private static String manyEntries(String field, int count) {
		List<Field> entries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			entries.add(new Field("e" + i, field.equals("tags") ? quote("v" + i) : String.valueOf(i)));
		}
		return object(entries);
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
	 * {@code timestamp:deep-nesting+truncated}
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
	record Field(String key, String json) {
	}

	private record Mutation(String name, UnaryOperator<List<Field>> apply) {
	}

	private record TextMutation(String name, UnaryOperator<String> apply) {
	}

	/** A named piece of raw JSON: a value, or a key's text. */
	private record Odd(String name, String json) {
	}

}
