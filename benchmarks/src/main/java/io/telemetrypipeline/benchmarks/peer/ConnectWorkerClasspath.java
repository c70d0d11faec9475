package io.telemetrypipeline.benchmarks.peer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The classpath of the Kafka Connect worker, resolved once from
 * {@code benchmarks/connect-worker/pom.xml} with the repository's Maven wrapper and
 * cached in that project's {@code target} folder. The connector's self-contained
 * {@code -all} jar is kept apart from the worker's classpath: it bundles its own Jackson,
 * SLF4J and MongoDB driver, so the worker loads it in an isolated plugin class loader
 * from {@code plugin.path}.
 *
 * @param workerClasspath the worker's classpath (Connect runtime, converters, transforms,
 * logging)
 * @param pluginJars the connector jars for {@code plugin.path}
 */
record ConnectWorkerClasspath(String workerClasspath, List<Path> pluginJars) {

	static final String WORKER_PROJECT = "benchmarks/connect-worker/pom.xml";

	private static final long RESOLVE_TIMEOUT_MINUTES = 10;

	/**
	 * Resolves the classpath, reusing the cached one while all its files still exist.
	 * @param workDir where the Maven output goes when the classpath must be resolved
	 * @return the classpath
	 */
	static synchronized ConnectWorkerClasspath resolve(Path workDir) {
		Path repository = repositoryRoot(Path.of("").toAbsolutePath());
		Path cache = repository.resolve("benchmarks/connect-worker/target/connect.classpath");
		ConnectWorkerClasspath cached = read(cache);
		if (cached != null) {
			return cached;
		}
		runMaven(repository, cache, workDir.resolve("connect-classpath.log"));
		ConnectWorkerClasspath resolved = read(cache);
		if (resolved == null) {
			throw new IllegalStateException("Maven resolved no usable Kafka Connect classpath into " + cache);
		}
		return resolved;
	}

	/**
	 * Splits a resolved classpath into the worker's classpath and the connector's plugin
	 * jars.
	 * @param entries the resolved jars
	 * @return the classpath
	 */
	static ConnectWorkerClasspath of(List<Path> entries) {
		List<String> worker = new ArrayList<>();
		List<Path> plugins = new ArrayList<>();
		for (Path entry : entries) {
			String name = entry.getFileName().toString();
			if (name.startsWith("mongo-kafka-connect-") && name.endsWith("-all.jar")) {
				plugins.add(entry);
			}
			else {
				worker.add(entry.toString());
			}
		}
		return new ConnectWorkerClasspath(String.join(File.pathSeparator, worker), List.copyOf(plugins));
	}

	static Path repositoryRoot(Path start) {
		for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
			if (Files.isRegularFile(candidate.resolve("mvnw"))
					&& Files.isRegularFile(candidate.resolve(WORKER_PROJECT))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No repository root (a folder with mvnw and " + WORKER_PROJECT + ") above "
				+ start + ": run the benchmark from inside the repository");
	}

	private static ConnectWorkerClasspath read(Path cache) {
		if (!Files.isRegularFile(cache)) {
			return null;
		}
		try {
			List<Path> entries = new ArrayList<>();
			for (String entry : Files.readString(cache).trim().split(File.pathSeparator)) {
				Path jar = Path.of(entry);
				if (entry.isBlank() || !Files.isRegularFile(jar)) {
					return null;
				}
				entries.add(jar);
			}
			ConnectWorkerClasspath classpath = of(entries);
			return classpath.pluginJars().isEmpty() ? null : classpath;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void runMaven(Path repository, Path output, Path log) {
		boolean windows = System.getProperty("os.name").toLowerCase().startsWith("windows");
		List<String> command = List.of(repository.resolve(windows ? "mvnw.cmd" : "mvnw").toString(), "-q", "-B", "-ntp",
				"-f", repository.resolve(WORKER_PROJECT).toString(), "dependency:build-classpath",
				"-Dmdep.outputFile=" + output);
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
			Process maven = builder.start();
			if (!maven.waitFor(RESOLVE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				maven.destroyForcibly();
				throw new IllegalStateException("Resolving the Kafka Connect classpath took longer than "
						+ RESOLVE_TIMEOUT_MINUTES + " minutes; see " + log);
			}
			if (maven.exitValue() != 0) {
				throw new IllegalStateException("Resolving the Kafka Connect classpath failed ("
						+ String.join(" ", command) + "):\n" + LogFiles.tail(log));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while resolving the Kafka Connect classpath", ex);
		}
	}

}
