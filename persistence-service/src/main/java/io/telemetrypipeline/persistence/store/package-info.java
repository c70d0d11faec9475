/**
 * Storing and reading readings in MongoDB: the idempotent bulk writer (the event id is
 * the document id), the device summaries it keeps in the same step (each reading counted
 * once, redeliveries included), the queries of the API, the silent-devices gauge, the
 * indexes and the client's timeouts.
 */
package io.telemetrypipeline.persistence.store;
