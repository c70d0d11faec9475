/**
 * The benchmark: measures the throughput, cost and latency of ingest-service and
 * persistence-service, each in a JVM of its own against the embedded servers, beside the
 * raw limits of plain clients, and reports them as Markdown against the targets. Every
 * stage checks that each message arrived exactly once.
 */
package io.telemetrypipeline.benchmarks;
