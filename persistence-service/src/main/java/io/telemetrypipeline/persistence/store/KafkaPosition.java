package io.telemetrypipeline.persistence.store;

/**
 * Where an event was read from: its partition of the events topic and its offset there.
 * Stored with the reading (field {@code kafka}), it tells a redelivery of the very record
 * that stored a reading from another record carrying the same event, which is what keeps
 * the device summaries' counts exact under redelivery.
 *
 * @param partition the partition of the events topic
 * @param offset the record's offset in that partition
 */
public record KafkaPosition(int partition, long offset) {

}
