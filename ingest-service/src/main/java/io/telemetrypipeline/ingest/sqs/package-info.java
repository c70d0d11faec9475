/**
 * Receiving from SQS: the listener and its container, which acknowledge (delete) each
 * message only after Kafka acknowledged its record, and the metrics of what was taken
 * from the queue.
 */
package io.telemetrypipeline.ingest.sqs;
