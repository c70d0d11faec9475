/**
 * pipeline-admin's settings: its own ({@code telemetry.admin.*}) and those it shares with
 * ingest-service ({@code telemetry.ingest.*}: the queue, the validation limits and the
 * identity policy of the current parser).
 */
package io.telemetrypipeline.admin.config;
