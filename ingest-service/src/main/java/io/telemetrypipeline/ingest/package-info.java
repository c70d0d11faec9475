/**
 * ingest-service: receives device readings from SQS, validates them and publishes each to
 * Kafka, as an event or as a rejection, and deletes each SQS message only after Kafka
 * acknowledged its record.
 */
package io.telemetrypipeline.ingest;
