/**
 * ingest-service: receives device readings from SQS, validates them and publishes each to
 * Kafka, as an event or as a rejection, deleting the SQS message only after Kafka
 * acknowledged it.
 */
package io.telemetrypipeline.ingest;
