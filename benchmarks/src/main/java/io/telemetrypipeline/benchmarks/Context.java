package io.telemetrypipeline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;

/**
 * What every stage works with: the settings, the servers and the helpers around them.
 *
 * @param settings the settings
 * @param servers the embedded servers
 * @param queues SQS queues
 * @param topics Kafka topics
 * @param mongo MongoDB collections
 * @param broker the Kafka broker process
 * @param logs where the service and worker logs go
 */
record Context(BenchmarkSettings settings, PipelineInfrastructure servers, Queues queues, Topics topics,
		MongoReadings mongo, Watched broker, Path logs) {

	static final String BROKER = "Kafka broker";

	/**
	 * The Kafka broker process among this JVM's descendants.
	 * @return the broker
	 */
	static Watched findBroker() {
		List<ProcessHandle> brokers = ProcessHandle.current()
			.descendants()
			.filter((process) -> commandLine(process.pid()).contains("kafka.Kafka"))
			.toList();
		if (brokers.size() != 1) {
			throw new BenchmarkFailure(
					"Expected one Kafka broker process started by this JVM, found " + brokers.size());
		}
		return new Watched(BROKER, brokers.get(0).pid());
	}

	/**
	 * The arguments of a process, from {@code /proc} (the JDK's view may be truncated).
	 */
	private static List<String> commandLine(long pid) {
		try {
			return Arrays.asList(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
