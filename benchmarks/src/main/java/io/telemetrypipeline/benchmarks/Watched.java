package io.telemetrypipeline.benchmarks;

/**
 * A process whose cost a stage reports.
 *
 * @param role what the process is
 * @param pid its process id
 */
record Watched(String role, long pid) {

	/** Role of this JVM, which also hosts the SQS and MongoDB servers. */
	static final String BENCHMARK_JVM = "benchmark JVM (SQS + MongoDB servers, clients)";

	static Watched self() {
		return new Watched(BENCHMARK_JVM, ProcessHandle.current().pid());
	}

}
