/**
 * {@code inspect}: counts and samples of what the pipeline put aside, by reason, device
 * and time, read without consuming it: Kafka topics through a consumer without a group
 * (nothing committed), the SQS dead-letter queue through receives whose visibility is set
 * back at once (nothing deleted).
 */
package io.telemetrypipeline.admin.inspect;
