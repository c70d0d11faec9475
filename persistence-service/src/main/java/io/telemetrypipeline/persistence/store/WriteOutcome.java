package io.telemetrypipeline.persistence.store;

import java.util.Map;

/**
 * What MongoDB acknowledged for one bulk write.
 *
 * @param inserted events stored now
 * @param duplicates events that were already stored (duplicate key): a success
 * @param rejected events MongoDB refused for good, by index in the written list, with the
 * reason; they belong in the dead-letter topic
 */
public record WriteOutcome(int inserted, int duplicates, Map<Integer, String> rejected) {

}
