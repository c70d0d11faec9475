package io.telemetrypipeline.localrun;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's own runtime classpath, as its jar carries it: its classes (a classes
 * directory or a jar in {@code target/}) followed by the runtime dependencies its build
 * wrote to {@code target/runtime-classpath.txt}. Nothing of the local run, of the
 * simulator or of the other service is on it, so a service started with it reads its own
 * {@code application.yml} and needs no workaround for another's libraries.
 */
public final class ServiceClasspath {

	/**
	 * The file, beside the classes directory and the jar, that lists the dependencies.
	 */
	static final String FILE_NAME = "runtime-classpath.txt";

	private ServiceClasspath() {
	}

	/**
	 * The runtime classpath of the service that the given main class belongs to.
	 * @param mainClass the service's main class
	 * @return its classes directory or jar, then its runtime dependencies
	 * @throws IllegalStateException when the build wrote no classpath file for it
	 */
	public static List<Path> of(Class<?> mainClass) {
		Path classes = codeSource(mainClass);
		Path file = classes.resolveSibling(FILE_NAME);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("No runtime classpath of " + mainClass.getSimpleName() + " at " + file
					+ ": build it with Maven first, e.g. ./mvnw -pl local-run -am test-compile");
		}
		List<Path> classpath = new ArrayList<>();
		classpath.add(classes);
		for (String entry : read(file).strip().split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				classpath.add(Path.of(entry));
			}
		}
		return List.copyOf(classpath);
	}

	/**
	 * Where a class was loaded from.
	 * @param mainClass the class
	 * @return its classes directory or jar
	 */
	static Path codeSource(Class<?> mainClass) {
		CodeSource source = mainClass.getProtectionDomain().getCodeSource();
		if (source == null) {
			throw new IllegalStateException(mainClass.getName() + " is not a service's class: the JDK's own");
		}
		try {
			return Path.of(source.getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Cannot locate the classes of " + mainClass.getName(), ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

}
