package io.telemetrypipeline.benchmarks;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check every stage ends with: exactly the expected ids arrived, each of them once.
 */
final class Exactly {

	private Exactly() {
	}

	/**
	 * Fails unless {@code counts} holds each expected id once and no other id.
	 * @param where what was checked, for the message
	 * @param expected the expected ids
	 * @param counts id to how many times it was found
	 */
	static void require(String where, Set<String> expected, Map<String, Long> counts) {
		List<String> duplicated = counts.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey)
			.limit(5)
			.toList();
		Set<String> missing = new HashSet<>(expected);
		missing.removeAll(counts.keySet());
		Set<String> unexpected = new HashSet<>(counts.keySet());
		unexpected.removeAll(expected);
		if (!duplicated.isEmpty() || !missing.isEmpty() || !unexpected.isEmpty()) {
			throw new BenchmarkFailure(
					"%s: %d expected, %d distinct found; duplicated e.g. %s; missing %d (e.g. %s); unexpected %d (e.g. %s)"
						.formatted(where, expected.size(), counts.size(), duplicated, missing.size(),
								missing.stream().limit(5).toList(), unexpected.size(),
								unexpected.stream().limit(5).toList()));
		}
	}

}
