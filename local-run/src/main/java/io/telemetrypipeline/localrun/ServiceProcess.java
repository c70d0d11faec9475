package io.telemetrypipeline.localrun;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.telemetrypipeline.infrastructure.ChildJvm;

/**
 * One service running through its {@code main} class in a JVM of its own, on its own
 * runtime classpath ({@link ServiceClasspath}), as a container runs it: the local run,
 * the crash tests and the benchmarks all start services this way. It can be stopped
 * gracefully (SIGTERM, as Kubernetes does), killed abruptly, and started again with the
 * same ports and output.
 */
public final class ServiceProcess implements AutoCloseable {

	/**
	 * The JVM options of a service as it runs in production: the heap of a 256 MiB
	 * container's share, an exit on the first {@code OutOfMemoryError} so that the
	 * platform restarts it, and native access for the libraries that load native code
	 * (the AWS CRT HTTP client, lz4), which a JDK from 24 on otherwise warns of at their
	 * first use.
	 */
	public static final List<String> PRODUCTION_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
			"--enable-native-access=ALL-UNNAMED");

	private static final Duration READINESS_POLL = Duration.ofMillis(100);

	private final Class<?> mainClass;

	private final List<Path> classpath;

	private final List<String> jvmOptions;

	private final List<String> arguments;

	private final ServiceOutput output;

	private final ManagementEndpoints management;

	private volatile Process process;

	private volatile Thread printer;

	/**
	 * Prepares a service; {@link #start()} launches it.
	 * @param mainClass the service's main class
	 * @param port its server port
	 * @param managementPort its management (Actuator) port
	 * @param jvmOptions the JVM options, e.g. {@code -Xmx256m}
	 * @param arguments its {@code --key=value} arguments
	 * @param output where its output goes
	 */
	public ServiceProcess(Class<?> mainClass, int port, int managementPort, List<String> jvmOptions,
			List<String> arguments, ServiceOutput output) {
		this.mainClass = mainClass;
		this.classpath = ServiceClasspath.of(mainClass);
		this.jvmOptions = List.copyOf(jvmOptions);
		List<String> all = new ArrayList<>(arguments);
		all.add("--server.port=" + port);
		all.add("--management.server.port=" + managementPort);
		this.arguments = List.copyOf(all);
		this.output = output;
		this.management = new ManagementEndpoints(managementPort);
	}

	/**
	 * Launches the service; does not wait for it.
	 * @return this service
	 */
	public synchronized ServiceProcess start() {
		ProcessBuilder.Redirect redirect = switch (this.output) {
			case ServiceOutput.LogFile log -> ProcessBuilder.Redirect.appendTo(createParent(log.file()).toFile());
			case ServiceOutput.Console console -> ProcessBuilder.Redirect.PIPE;
			case ServiceOutput.ProblemsOnConsole problems -> {
				createParent(problems.file());
				yield ProcessBuilder.Redirect.PIPE;
			}
		};
		Process started = ChildJvm.start(this.classpath, this.mainClass.getName(), this.jvmOptions, this.arguments,
				redirect);
		if (this.output instanceof ServiceOutput.Console console) {
			this.printer = Thread.ofPlatform()
				.daemon()
				.name(name() + "-output")
				.start(() -> print(started, console.prefix()));
		}
		else if (this.output instanceof ServiceOutput.ProblemsOnConsole problems) {
			this.printer = Thread.ofPlatform()
				.daemon()
				.name(name() + "-output")
				.start(() -> printProblems(started, problems));
		}
		this.process = started;
		return this;
	}

	/**
	 * Waits until the readiness probe answers 200.
	 * @param timeout how long at most
	 * @return this service
	 * @throws IllegalStateException when the service exits or is not ready in time
	 */
	public ServiceProcess awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.management.readiness() != 200) {
			requireAlive();
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(name() + " was not ready within " + timeout + "; see " + this.output);
			}
			LockSupport.parkNanos(READINESS_POLL.toNanos());
		}
		return this;
	}

	/**
	 * Throws when the service has exited.
	 * @throws IllegalStateException when it has
	 */
	public void requireAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					name() + " exited with " + this.process.exitValue() + "; see " + this.output);
		}
	}

	/**
	 * Stops the service with SIGTERM, as Kubernetes does, and waits for its graceful
	 * shutdown; kills it when that takes longer than the grace period.
	 * @param grace how long the graceful shutdown may take
	 * @return true when it stopped within the grace period (or was not running)
	 */
	public synchronized boolean stop(Duration grace) {
		if (this.process == null || !this.process.isAlive()) {
			return true;
		}
		// through the handle: Process.destroy() would also close the pipe that the
		// graceful shutdown's output still comes through
		this.process.toHandle().destroy();
		boolean graceful = awaitExit(grace);
		if (!graceful) {
			kill();
		}
		return graceful;
	}

	/** Kills the service at once, with no shutdown of any kind, as a crash would. */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			awaitExit(Duration.ofSeconds(30));
		}
	}

	/**
	 * Its management (Actuator) endpoints.
	 * @return the endpoints
	 */
	public ManagementEndpoints management() {
		return this.management;
	}

	/**
	 * The process id of the running service.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * The service's name, as its main class reads.
	 * @return e.g. {@code IngestServiceApplication}
	 */
	public String name() {
		return this.mainClass.getSimpleName();
	}

	/** Stops the service gracefully, killing it after 30 seconds. */
	@Override
	public void close() {
		stop(Duration.ofSeconds(30));
	}

	private boolean awaitExit(Duration timeout) {
		try {
			boolean exited = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (exited && this.printer != null) {
				// let the printer finish the last lines (e.g. the end of the graceful
				// shutdown) before whatever comes next
				this.printer.join(Duration.ofSeconds(2));
			}
			return exited;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void print(Process process, String prefix) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			lines.lines().forEach((line) -> System.out.println(prefix + line));
		}
		catch (IOException | UncheckedIOException ex) {
			// the process is gone, and with it its output
		}
	}

	private static void printProblems(Process process, ServiceOutput.ProblemsOnConsole output) {
		ProblemLines problems = new ProblemLines();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				BufferedWriter log = Files.newBufferedWriter(output.file(), StandardCharsets.UTF_8,
						StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
			String line;
			while ((line = lines.readLine()) != null) {
				log.write(line);
				log.newLine();
				if (problems.isProblem(line)) {
					System.out.println(output.prefix() + line);
				}
				if (!lines.ready()) {
					log.flush();
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// the process is gone, and with it its output
		}
	}

	private static Path createParent(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the folder of " + file, ex);
		}
	}

}
