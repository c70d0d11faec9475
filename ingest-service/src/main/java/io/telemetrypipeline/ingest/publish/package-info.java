/**
 * Publishing to Kafka: each valid reading to the events topic keyed by device id, each
 * invalid message to the rejected topic with its reason, and the outcome of every message
 * of a batch, with the metrics of what was published.
 */
package io.telemetrypipeline.ingest.publish;
