package io.telemetrypipeline.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A rejected message's body as the rejected topic keeps it: at most a bounded number of
 * UTF-8 bytes, cut at a character boundary, with the full body's length and SHA-256, so a
 * rejected record always fits in a Kafka request and its truncation can be told and
 * checked.
 *
 * @param value the body's UTF-8 bytes, truncated to the bound
 * @param length the full body's length in UTF-8 bytes
 * @param sha256 the SHA-256 of the full body's UTF-8 bytes, lowercase hex
 */
record RejectedBody(byte[] value, long length, String sha256) {

	/**
	 * The body bounded to {@code maxBytes}.
	 * @param body the body as received
	 * @param maxBytes the most bytes to keep
	 * @return the bounded body
	 */
	static RejectedBody of(String body, int maxBytes) {
		byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
		return new RejectedBody(truncate(utf8, maxBytes), utf8.length, sha256(utf8));
	}

	/**
	 * Whether the value is shorter than the full body.
	 * @return {@code true} when the body was truncated
	 */
	boolean truncated() {
		return this.value.length < this.length;
	}

	/**
	 * The first bytes of a UTF-8 text, never ending in the middle of a character.
	 * @param utf8 the text's bytes
	 * @param maxBytes the most bytes to keep
	 * @return the bytes themselves when short enough, otherwise a prefix
	 */
	static byte[] truncate(byte[] utf8, int maxBytes) {
		if (utf8.length <= maxBytes) {
			return utf8;
		}
		int end = maxBytes;
		while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
			end--;
		}
		return Arrays.copyOf(utf8, end);
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

}
