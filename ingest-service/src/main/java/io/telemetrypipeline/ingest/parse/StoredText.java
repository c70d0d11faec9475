package io.telemetrypipeline.ingest.parse;

/**
 * Length and well-formedness of the free-text strings an event stores (tag values,
 * {@code clientId}, {@code topic}): lengths count Unicode code points, as a user counts
 * characters, and a lone UTF-16 surrogate, which no UTF-8 encoder can write and MongoDB
 * would store mangled, is not well-formed.
 */
final class StoredText {

	private StoredText() {
	}

	/**
	 * The length of a string in code points (a surrogate pair counts once).
	 * @param text the string
	 * @return its code points
	 */
	static int codePoints(String text) {
		return text.codePointCount(0, text.length());
	}

	/**
	 * Where a string holds a surrogate that is not part of a pair.
	 * @param text the string
	 * @return the index of the first lone surrogate, or {@code -1} when the string is
	 * well-formed
	 */
	static int loneSurrogateAt(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

}
