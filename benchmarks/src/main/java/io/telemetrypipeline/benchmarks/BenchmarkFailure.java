package io.telemetrypipeline.benchmarks;

/**
 * A stage lost or duplicated messages, or could not complete: its figures mean nothing
 * and the run stops.
 */
class BenchmarkFailure extends RuntimeException {

	BenchmarkFailure(String message) {
		super(message);
	}

	BenchmarkFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
