package io.telemetrypipeline.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the benchmark runs: how many readings from how many devices, the client threads of
 * the raw SQS limit, the paced phase, the remote-SQS delay and which optional stages run.
 *
 * @param readings readings per stage
 * @param warmup readings a service stage processes before its measured window opens, so
 * that the window measures the warm service (JIT compilation done), as in production
 * @param devices devices the readings come from
 * @param sqsThreads client threads of the raw SQS limit compared with ingest-service
 * @param pacedDuration how long the open-loop paced load runs
 * @param pacedFraction paced rate as a fraction of the measured end-to-end rate
 * @param idleGaps how many single readings follow the paced load, each after an idle gap
 * @param idleGap how long the pipeline idles before each of them
 * @param remoteDelay delay added to every SQS call in the remote-SQS stage
 * @param peer whether the MongoDB Kafka sink connector stages run
 * @param remote whether the remote-SQS stages run
 * @param kafkaFullCompiler whether the Kafka broker compiles with the optimizing
 * compiler, as a measured run needs (the smoke test starts it sooner without)
 * @param deviceRounds how many times persistence-service alone runs with and without its
 * device summaries, alternating which goes first, for their cost as a ratio
 * @param persistenceOnly whether only those persistence-service stages run, on a topic
 * the benchmark fills itself (no SQS, ingest-service, raw limits, peer or end to end)
 * @param output directory that receives the results file and the process logs
 */
record BenchmarkSettings(int readings, int warmup, int devices, int sqsThreads, Duration pacedDuration,
		double pacedFraction, int idleGaps, Duration idleGap, Duration remoteDelay, boolean peer, boolean remote,
		boolean kafkaFullCompiler, int deviceRounds, boolean persistenceOnly, Path output) {

	BenchmarkSettings {
		if (readings < 100 || devices < 1 || devices > readings || sqsThreads < 1) {
			throw new IllegalArgumentException(
					"Need at least 100 readings, 1 to readings devices and 1 SQS thread; got " + readings
							+ " readings, " + devices + " devices, " + sqsThreads + " threads");
		}
		if (warmup < 0) {
			throw new IllegalArgumentException("benchmark.warmup must not be negative, got " + warmup);
		}
		if (deviceRounds < 1) {
			throw new IllegalArgumentException("benchmark.device-rounds must be at least 1, got " + deviceRounds);
		}
		if (pacedFraction <= 0 || pacedFraction > 1) {
			throw new IllegalArgumentException("benchmark.paced-fraction must be in (0, 1], got " + pacedFraction);
		}
	}

	/**
	 * The settings from {@code benchmark.*} system properties, with the defaults of the
	 * full run.
	 * @return the settings
	 */
	static BenchmarkSettings fromSystemProperties() {
		return new BenchmarkSettings(Integer.getInteger("benchmark.readings", 20_000),
				Integer.getInteger("benchmark.warmup", 20_000), Integer.getInteger("benchmark.devices", 200),
				Integer.getInteger("benchmark.sqs-threads", 4),
				Duration.ofSeconds(Integer.getInteger("benchmark.paced-seconds", 60)),
				Double.parseDouble(System.getProperty("benchmark.paced-fraction", "0.5")),
				Integer.getInteger("benchmark.idle-gaps", 3),
				Duration.ofSeconds(Integer.getInteger("benchmark.idle-seconds", 15)),
				Duration.ofMillis(Integer.getInteger("benchmark.remote-delay-ms", 20)),
				Boolean.parseBoolean(System.getProperty("benchmark.peer", "true")),
				Boolean.parseBoolean(System.getProperty("benchmark.remote", "true")),
				Boolean.parseBoolean(System.getProperty("benchmark.kafka-full-compiler", "true")),
				Integer.getInteger("benchmark.device-rounds", 2),
				Boolean.parseBoolean(System.getProperty("benchmark.persistence-only", "false")),
				Path.of(System.getProperty("benchmark.output", "target")));
	}

}
