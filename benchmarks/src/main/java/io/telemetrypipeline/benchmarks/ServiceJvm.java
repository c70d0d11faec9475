package io.telemetrypipeline.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.telemetrypipeline.infrastructure.ChildJvm;
import io.telemetrypipeline.infrastructure.Ports;

/**
 * One service running through its {@code main} class in a JVM of its own with the heap it
 * has in production ({@code -Xmx256m}), as a Kubernetes pod runs it.
 */
final class ServiceJvm implements AutoCloseable {

	static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private final String role;

	private final Process process;

	private final int managementPort;

	private final Path log;

	private final long launchedNanos;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ServiceJvm(String role, Process process, int managementPort, Path log, long launchedNanos) {
		this.role = role;
		this.process = process;
		this.managementPort = managementPort;
		this.log = log;
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
	static ServiceJvm launch(String role, Class<?> mainClass, String[] arguments, Path logDirectory) {
		int port = Ports.free();
		int managementPort = Ports.free();
		List<String> args = new ArrayList<>(List.of(arguments));
		args.add("--server.port=" + port);
		args.add("--management.server.port=" + managementPort);
		try {
			Path log = Files.createDirectories(logDirectory).resolve(role + "-" + port + ".log");
			long launched = System.nanoTime();
			Process process = ChildJvm.start(mainClass.getName(), jvmOptions(role), args, log);
			return new ServiceJvm(role, process, managementPort, log, launched);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The production JVM options, plus any given for tuning experiments as
	 * {@code -Dbenchmark.<role>.jvm-options="-Dkey=value ..."} (e.g. a service property
	 * as a system property).
	 * @param role e.g. {@code ingest-service}
	 * @return the options the service JVM starts with
	 */
	private static List<String> jvmOptions(String role) {
		List<String> options = new ArrayList<>(JVM_OPTIONS);
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
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (readiness() != 200) {
			requireAlive();
			if (System.nanoTime() > deadline) {
				throw new BenchmarkFailure(
						this.role + " was not ready within " + STARTUP_TIMEOUT + "; see " + this.log);
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		return secondsSinceLaunch(System.nanoTime());
	}

	double secondsSinceLaunch(long nanos) {
		return (nanos - this.launchedNanos) / 1e9;
	}

	/** Throws when the service has exited. */
	void requireAlive() {
		if (!this.process.isAlive()) {
			throw new BenchmarkFailure(this.role + " exited with " + this.process.exitValue() + "; see " + this.log);
		}
	}

	private int readiness() {
		try {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/health/readiness"))
				.timeout(Duration.ofSeconds(5))
				.build();
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkFailure("Interrupted while waiting for " + this.role, ex);
		}
	}

	Watched watched() {
		return new Watched(this.role, this.process.pid());
	}

	/**
	 * Stops the service with SIGTERM and waits for it to exit; kills it after 5 seconds,
	 * since a stage ends only once all its messages were checked (a graceful shutdown
	 * would mostly wait for the last long poll).
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.http.close();
	}

}
