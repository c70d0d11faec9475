package io.telemetrypipeline.infrastructure;

/**
 * Entry point of the Kafka broker child process: runs {@code kafka.Kafka} and exits
 * (gracefully, through the broker's own shutdown hook) as soon as the parent JVM is gone,
 * even when that was killed, so no broker outlives the local run or a test run.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) {
		ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> System.exit(1)));
		kafka.Kafka.main(args);
	}

}
