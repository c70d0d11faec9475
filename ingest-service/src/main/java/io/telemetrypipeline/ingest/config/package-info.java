/**
 * The settings of ingest-service ({@code telemetry.ingest.*}): the queue and its
 * listener, how long a batch waits for Kafka, the bounds of input validation and which
 * identity a reading's device id must match.
 */
package io.telemetrypipeline.ingest.config;
