/**
 * Consuming from Kafka: the batch listener that commits offsets only after MongoDB
 * acknowledged, its error handling with retries and the dead-letter topic, and the
 * metrics that follow events into MongoDB.
 */
package io.telemetrypipeline.persistence.consume;
