package io.telemetrypipeline.infrastructure;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Starts a Java main class in a child process with this JVM's java binary, so a server or
 * a service can be killed for real, as a crash would, and runs on a classpath of its own.
 * The child exits when its parent does, so a killed test run leaves no process behind,
 * and it ignores the terminal's Ctrl-C: the parent stops its children itself, in the
 * order it chooses.
 */
public final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Starts a child JVM with this JVM's classpath.
	 * @param mainClass the class whose {@code main} runs
	 * @param jvmArguments the JVM options, e.g. {@code -Xmx512m}
	 * @param arguments program arguments
	 * @param log file that receives the child's output
	 * @return the process
	 */
	public static Process start(String mainClass, List<String> jvmArguments, List<String> arguments, Path log) {
		return launch(classpath(), mainClass, jvmArguments, arguments, ProcessBuilder.Redirect.appendTo(log.toFile()));
	}

	/**
	 * Starts a child JVM with the given classpath and nothing of this JVM's but the one
	 * class that watches the parent.
	 * @param classpath the child's classpath, e.g. a service's own runtime classpath
	 * @param mainClass the class whose {@code main} runs
	 * @param jvmArguments the JVM options, e.g. {@code -Xmx512m}
	 * @param arguments program arguments
	 * @param output where the child's output (stdout and stderr) goes
	 * @return the process
	 */
	public static Process start(List<Path> classpath, String mainClass, List<String> jvmArguments,
			List<String> arguments, ProcessBuilder.Redirect output) {
		List<String> entries = new ArrayList<>();
		entries.add(OwnClass.DIRECTORY.toString());
		classpath.forEach((entry) -> entries.add(entry.toString()));
		return launch(String.join(File.pathSeparator, entries), mainClass, jvmArguments, arguments, output);
	}

	private static Process launch(String classpath, String mainClass, List<String> jvmArguments, List<String> arguments,
			ProcessBuilder.Redirect output) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArguments);
		command.add("-cp");
		command.add(classpath);
		command.add(ChildJvm.class.getName());
		command.add(mainClass);
		command.addAll(arguments);
		try {
			return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + mainClass, ex);
		}
	}

	/**
	 * Entry point of the child: ignores Ctrl-C (a terminal sends it to every process of
	 * the group; the parent stops its children with SIGTERM, in order), watches the
	 * parent, then runs the real main class.
	 * @param args the main class, then its arguments
	 * @throws ReflectiveOperationException when the main class cannot be run
	 */
	public static void main(String[] args) throws ReflectiveOperationException {
		ignoreInterrupt();
		ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> System.exit(1)));
		Class.forName(args[0])
			.getMethod("main", String[].class)
			.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
	}

	/**
	 * Ignores SIGINT, as {@code sun.misc.Signal.handle(new Signal("INT"), SIG_IGN)} does;
	 * through reflection, since javac warns on every direct use of {@code sun.misc}, the
	 * only API for it. SIGTERM still runs the shutdown hooks.
	 */
	private static void ignoreInterrupt() throws ReflectiveOperationException {
		Class<?> signal = Class.forName("sun.misc.Signal");
		Class<?> handler = Class.forName("sun.misc.SignalHandler");
		signal.getMethod("handle", signal, handler)
			.invoke(null, signal.getConstructor(String.class).newInstance("INT"),
					handler.getField("SIG_IGN").get(null));
	}

	/**
	 * The classpath of this JVM, expanded when it is a manifest-only jar as Surefire and
	 * Failsafe use.
	 * @return the classpath, one entry per path separator
	 */
	static String classpath() {
		String classpath = System.getProperty("java.class.path");
		if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
			return classpath;
		}
		File jar = new File(classpath);
		try (JarFile jarFile = new JarFile(jar)) {
			String manifestPath = (jarFile.getManifest() != null)
					? jarFile.getManifest().getMainAttributes().getValue("Class-Path") : null;
			if (manifestPath == null) {
				return classpath;
			}
			URI base = jar.getParentFile().toURI();
			List<String> entries = new ArrayList<>();
			for (String entry : manifestPath.trim().split("\\s+")) {
				entries.add(new File(base.resolve(entry)).getPath());
			}
			return String.join(File.pathSeparator, entries);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the classpath manifest of " + jar, ex);
		}
	}

	/**
	 * A temporary directory holding only this class's class file, so that a child on a
	 * classpath of its own sees nothing else of this JVM; the directory is deleted when
	 * this JVM exits.
	 */
	private static final class OwnClass {

		static final Path DIRECTORY = extract();

		private static Path extract() {
			String name = ChildJvm.class.getName().replace('.', '/') + ".class";
			try (InputStream classFile = ChildJvm.class.getClassLoader().getResourceAsStream(name)) {
				if (classFile == null) {
					throw new IllegalStateException("Cannot read the class file " + name);
				}
				Path directory = Files.createTempDirectory("child-jvm-");
				Path target = directory.resolve(name);
				Files.createDirectories(target.getParent());
				Files.copy(classFile, target);
				for (Path path = directory; path != null; path = nextTowards(path, target)) {
					path.toFile().deleteOnExit();
				}
				return directory;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot extract " + name, ex);
			}
		}

		/**
		 * The next path from {@code path} down to {@code target}.
		 * @param path where the walk is
		 * @param target where the walk ends, below {@code path}
		 * @return the child of {@code path} on the way to {@code target}, {@code null}
		 * once {@code path} is the target
		 */
		private static Path nextTowards(Path path, Path target) {
			return path.equals(target) ? null : path.resolve(path.relativize(target).getName(0));
		}

	}

}
