/**
 * Storing and reading readings in MongoDB: the idempotent bulk writer (the event id is
 * the document id), the queries of the API, the indexes and the client's timeouts.
 */
package io.telemetrypipeline.persistence.store;
