/**
 * persistence-service: consumes telemetry events from Kafka, stores each exactly once in
 * MongoDB and serves a device's readings over an OAuth2-protected API.
 */
package io.telemetrypipeline.persistence;
