package io.telemetrypipeline.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.telemetrypipeline.infrastructure.ChildJvm;
import io.telemetrypipeline.infrastructure.Ports;

import static org.awaitility.Awaitility.waitAtMost;

/**
 * A service running in a child JVM, so that a test can kill it abruptly ({@code kill -9})
 * as a crash or an OOM kill would, and start it again.
 */
final class ServiceProcess implements AutoCloseable {

	private final Class<?> mainClass;

	private final String[] arguments;

	private final int port;

	private final int managementPort;

	private final Path log;

	private Process process;

	ServiceProcess(Class<?> mainClass, String[] arguments) {
		this.mainClass = mainClass;
		this.arguments = arguments;
		this.port = Ports.free();
		this.managementPort = Ports.free();
		try {
			this.log = Files.createDirectories(Path.of("target", "service-logs"))
				.resolve(mainClass.getSimpleName() + "-" + this.port + ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts the service and waits until its readiness probe answers 200. */
	ServiceProcess start() {
		List<String> args = new java.util.ArrayList<>(Arrays.asList(this.arguments));
		args.add("--server.port=" + this.port);
		args.add("--management.server.port=" + this.managementPort);
		this.process = ChildJvm.start(this.mainClass.getName(), List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), args,
				this.log);
		waitAtMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.mainClass.getSimpleName() + " exited; see " + this.log);
			}
			return readiness() == 200;
		});
		return this;
	}

	/** Kills the service at once, with no shutdown of any kind. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	int readiness() {
		try {
			return Readiness.of(this.managementPort);
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

}
