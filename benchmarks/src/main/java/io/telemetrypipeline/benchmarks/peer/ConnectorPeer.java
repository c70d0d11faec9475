package io.telemetrypipeline.benchmarks.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MongoDB Kafka sink connector running in a Kafka Connect standalone worker, in a JVM
 * of its own ({@code -Xmx256m}, as the services run) with its own classpath, as the peer
 * the persistence service is compared with. {@link #start} returns once the connector and
 * all its tasks run; each start uses a new connector name, hence a new consumer group
 * that reads the topic from the beginning. The worker's output goes to
 * {@code connect-worker.log} in the work directory.
 */
public final class ConnectorPeer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * The worker's logging configuration, a resource beside this class.
	 */
	private static final String LOG4J = "connect-log4j.properties";

	private static final Pattern RUNNING = Pattern.compile("\"state\"\\s*:\\s*\"RUNNING\"");

	private static final Pattern FAILED = Pattern.compile("\"state\"\\s*:\\s*\"FAILED\"");

	private final Process process;

	private final Path logFile;

	private final Thread shutdownHook;

	private ConnectorPeer(Process process, Path logFile) {
		this.process = process;
		this.logFile = logFile;
		this.shutdownHook = new Thread(process::destroyForcibly, "connector-peer-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a Connect worker with one MongoDB sink connector and waits until the
	 * connector and all its tasks run.
	 * @param bootstrapServers the Kafka bootstrap servers
	 * @param mongoUri the MongoDB connection string, e.g.
	 * {@code mongodb://127.0.0.1:27017}
	 * @param database the database to write to
	 * @param collection the collection to write to
	 * @param topic the topic of JSON telemetry events to read
	 * @param tasks the number of sink tasks ({@code tasks.max})
	 * @param model how documents are written
	 * @param workDir the folder for configuration, offsets and the worker's log
	 * @return the running peer
	 * @throws IllegalStateException when the worker or the connector does not start, with
	 * the end of the worker's log
	 */
	public static ConnectorPeer start(String bootstrapServers, String mongoUri, String database, String collection,
			String topic, int tasks, WriteModel model, Path workDir) {
		ConnectorSettings settings = new ConnectorSettings(uniqueName(model), bootstrapServers, mongoUri, database,
				collection, topic, tasks, model);
		try {
			Files.createDirectories(workDir);
			ConnectWorkerClasspath classpath = ConnectWorkerClasspath.resolve(workDir);
			installPlugins(classpath.pluginJars(), workDir.resolve("plugins"));
			int restPort = freePort();
			Path worker = write(workDir.resolve("worker.properties"), settings.worker(workDir, restPort));
			Path connector = write(workDir.resolve("connector.properties"), settings.connector());
			Path log4j = copyResource(LOG4J, workDir);
			Path logFile = workDir.resolve("connect-worker.log");
			List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dlog4j.configuration=" + log4j.toUri(), "-cp",
					classpath.workerClasspath(), "org.apache.kafka.connect.cli.ConnectStandalone", worker.toString(),
					connector.toString());
			Process process = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
				.start();
			ConnectorPeer peer = new ConnectorPeer(process, logFile);
			try {
				peer.awaitRunning(settings.name(), restPort, tasks);
			}
			catch (RuntimeException ex) {
				peer.close();
				throw ex;
			}
			return peer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Kafka Connect worker in " + workDir, ex);
		}
	}

	/**
	 * The worker's process id, to read its CPU time and memory.
	 * @return the process id
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Stops the worker gracefully (as SIGTERM does), killing it if it has not exited
	 * within 30 seconds, and waits for its exit.
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
	}

	private void awaitRunning(String name, int restPort, int tasks) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest status = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/connectors/" + name + "/status"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		String lastAnswer = "(none)";
		while (true) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The Kafka Connect worker exited during startup (exit code "
						+ this.process.exitValue() + "):\n" + LogFiles.tail(this.logFile));
			}
			try {
				HttpResponse<String> response = http.send(status, HttpResponse.BodyHandlers.ofString());
				lastAnswer = response.statusCode() + " " + response.body();
				if (response.statusCode() == 200) {
					if (FAILED.matcher(response.body()).find()) {
						throw new IllegalStateException("The MongoDB sink connector failed to start: " + lastAnswer
								+ "\n" + LogFiles.tail(this.logFile));
					}
					if (count(RUNNING.matcher(response.body())) == tasks + 1) {
						return;
					}
				}
			}
			catch (IOException ex) {
				lastAnswer = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the Kafka Connect worker", ex);
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("The MongoDB sink connector did not run " + tasks + " task(s) within "
						+ STARTUP_TIMEOUT + " (last status: " + lastAnswer + "):\n" + LogFiles.tail(this.logFile));
			}
			pause();
		}
	}

	private void pause() {
		try {
			this.process.waitFor(250, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the Kafka Connect worker", ex);
		}
	}

	/**
	 * A connector name of letters only: the connector derives its task metrics' names
	 * from the digits in the task's name, which then must be the task number alone.
	 * @param model the write model, part of the name
	 * @return {@code mongo-sink-<model>-} followed by ten random letters
	 */
	private static String uniqueName(WriteModel model) {
		StringBuilder name = new StringBuilder("mongo-sink-").append(model.name().toLowerCase(Locale.ROOT)).append('-');
		ThreadLocalRandom.current().ints(10, 'a', 'z' + 1).forEach((letter) -> name.append((char) letter));
		return name.toString();
	}

	private static int count(Matcher matcher) {
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	/**
	 * Installs the connector as one plugin folder, with a small jar holding the
	 * {@code ServiceLoader} manifest the connector jar lacks, so the worker can find it
	 * with {@code plugin.discovery=service_load} instead of scanning every class (about
	 * ten seconds here).
	 * @param jars the connector's jars
	 * @param pluginPath the worker's {@code plugin.path}, which receives the plugin
	 * folder
	 * @throws IOException if a jar cannot be copied or the manifest jar written
	 */
	private static void installPlugins(List<Path> jars, Path pluginPath) throws IOException {
		Path plugin = pluginPath.resolve("mongo-kafka-connect");
		Files.createDirectories(plugin);
		for (Path jar : jars) {
			Path target = plugin.resolve(jar.getFileName());
			if (!Files.exists(target) || Files.size(target) != Files.size(jar)) {
				Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		try (JarOutputStream manifest = new JarOutputStream(
				Files.newOutputStream(plugin.resolve("service-loader-manifest.jar")))) {
			manifest.putNextEntry(new JarEntry("META-INF/services/org.apache.kafka.connect.sink.SinkConnector"));
			manifest.write((ConnectorSettings.SINK_CONNECTOR + "\n").getBytes(StandardCharsets.UTF_8));
			manifest.closeEntry();
		}
	}

	private static Path write(Path file, Map<String, String> properties) throws IOException {
		Files.writeString(file, ConnectorSettings.render(properties));
		return file;
	}

	private static Path copyResource(String name, Path directory) throws IOException {
		Path file = directory.resolve(name);
		try (InputStream resource = ConnectorPeer.class.getResourceAsStream(name)) {
			Files.copy(resource, file, StandardCopyOption.REPLACE_EXISTING);
		}
		return file;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * How the connector writes documents.
	 */
	public enum WriteModel {

		/**
		 * Unordered bulk inserts ({@code InsertOneDefaultStrategy},
		 * {@code bulk.write.ordered=false}), as the persistence service writes. A
		 * redelivered event fails the task with a duplicate-key error
		 * ({@code errors.tolerance=none}).
		 */
		INSERT,

		/**
		 * The connector's default: a replace-with-upsert by {@code _id} per document
		 * ({@code ReplaceOneDefaultStrategy}), ordered bulk writes.
		 */
		UPSERT

	}

}
