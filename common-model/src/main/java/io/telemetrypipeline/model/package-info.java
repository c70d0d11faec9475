/**
 * The contract between the services: the canonical telemetry event, its JSON codec (the
 * wire format of the events topic), the deterministic event id that makes storage
 * idempotent, and the field rules both services validate with. Plain Java, no Spring.
 */
package io.telemetrypipeline.model;
