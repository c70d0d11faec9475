package io.telemetrypipeline.benchmarks;

/**
 * What one process cost during one stage's processing window.
 *
 * @param role what the process is, e.g. {@code ingest-service}
 * @param cpuSecondsPer1000 CPU seconds (user + system) per 1,000 messages of the stage
 * @param peakRssMiB peak resident set size ({@code VmHWM})
 * @param heapAfterGcMiB heap in use right after a full GC at the end of the stage
 */
record ProcessUsage(String role, double cpuSecondsPer1000, double peakRssMiB, double heapAfterGcMiB) {
}
