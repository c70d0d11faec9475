/**
 * Replaying what the pipeline put aside on Kafka into {@code telemetry.events}: dead
 * letters as they are, rejected input through the current parser. Resumable through the
 * committed offsets of the tool's consumer group, committed only after Kafka acknowledged
 * the batch's records; idempotent through the event ids persistence-service stores each
 * reading under.
 */
package io.telemetrypipeline.admin.replay;
