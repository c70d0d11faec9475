package io.telemetrypipeline.infrastructure;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Starts a Java main class in a child process with this JVM's java binary and classpath,
 * so a server or a service can be killed for real, as a crash would.
 */
public final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Starts a child JVM.
	 * @param mainClass the class whose {@code main} runs
	 * @param jvmArguments JVM options, e.g. {@code -Xmx512m}
	 * @param arguments program arguments
	 * @param log file that receives the child's output
	 * @return the process
	 */
	public static Process start(String mainClass, List<String> jvmArguments, List<String> arguments, Path log) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArguments);
		command.add("-cp");
		command.add(classpath());
		command.add(ChildJvm.class.getName());
		command.add(mainClass);
		command.addAll(arguments);
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + mainClass, ex);
		}
	}

	/**
	 * Entry point of the child: watches the parent, then runs the real main class.
	 * @param args the main class, then its arguments
	 * @throws ReflectiveOperationException when the main class cannot be run
	 */
	public static void main(String[] args) throws ReflectiveOperationException {
		ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> System.exit(1)));
		Class.forName(args[0])
			.getMethod("main", String[].class)
			.invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
	}

	/**
	 * The classpath of this JVM, expanded when it is a manifest-only jar as Surefire and
	 * Failsafe use.
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

}
