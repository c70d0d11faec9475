package io.telemetrypipeline.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.telemetrypipeline.infrastructure.Ports;
import io.telemetrypipeline.localrun.ServiceOutput;
import io.telemetrypipeline.localrun.ServiceProcess;

/**
 * One service running through its {@code main} class in a JVM of its own, on its own
 * runtime classpath and with the heap it has in production ({@code -Xmx256m}), as a
 * Kubernetes pod runs it; timed from launch.
 */
final class ServiceJvm implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	/**
	 * A stage ends only once all its messages were checked: a graceful shutdown would
	 * mostly wait for the last long poll.
	 */
	private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

	private final String role;

	private final ServiceProcess service;

	private final long launchedNanos;

	private ServiceJvm(String role, ServiceProcess service, long launchedNanos) {
		this.role = role;
		this.service = service;
		this.launchedNanos = launchedNanos;
	}

	/**
	 * Launches a service; does not wait for it.
	 * @param role e.g. {@code ingest-service}
	 * @param mainClass its main class
	 * @param arguments its {@code --key=value} arguments
	 * @param logDirectory where its output goes
	 * @return the launched service
	 */
	static ServiceJvm launch(String role, Class<?> mainClass, List<String> arguments, Path logDirectory) {
		int port = Ports.free();
		ServiceProcess service = new ServiceProcess(mainClass, port, Ports.free(), jvmOptions(role), arguments,
				ServiceOutput.logFile(logDirectory.resolve(role + "-" + port + ".log")));
		long launched = System.nanoTime();
		return new ServiceJvm(role, service.start(), launched);
	}

	/**
	 * The production JVM options, plus any given for tuning experiments as
	 * {@code -Dbenchmark.<role>.jvm-options="-Dkey=value ..."} (e.g. a service property
	 * as a system property).
	 * @param role e.g. {@code ingest-service}
	 * @return the options the service JVM starts with
	 */
	private static List<String> jvmOptions(String role) {
		List<String> options = new ArrayList<>(ServiceProcess.PRODUCTION_JVM_OPTIONS);
		String extra = tuningOptions(role);
		if (!extra.isEmpty()) {
			options.addAll(List.of(extra.split("\\s+")));
		}
		return options;
	}

	/**
	 * The JVM options given for a tuning experiment.
	 * @param role e.g. {@code ingest-service}
	 * @return {@code -Dbenchmark.<role>.jvm-options}, empty when not given
	 */
	static String tuningOptions(String role) {
		return System.getProperty("benchmark." + role + ".jvm-options", "").strip();
	}

	/**
	 * Waits until the readiness probe answers 200.
	 * @return seconds from launch to ready
	 */
	double awaitReady() {
		try {
			this.service.awaitReady(STARTUP_TIMEOUT);
		}
		catch (IllegalStateException ex) {
			throw new BenchmarkFailure(this.role + ": " + ex.getMessage(), ex);
		}
		return secondsSinceLaunch(System.nanoTime());
	}

	double secondsSinceLaunch(long nanos) {
		return (nanos - this.launchedNanos) / 1e9;
	}

	/** Throws when the service has exited. */
	void requireAlive() {
		try {
			this.service.requireAlive();
		}
		catch (IllegalStateException ex) {
			throw new BenchmarkFailure(this.role + ": " + ex.getMessage(), ex);
		}
	}

	Watched watched() {
		return new Watched(this.role, this.service.pid());
	}

	/** Stops the service with SIGTERM; kills it after {@link #SHUTDOWN_GRACE}. */
	@Override
	public void close() {
		this.service.stop(SHUTDOWN_GRACE);
	}

}
