package io.telemetrypipeline.localrun;

import java.nio.file.Path;

/**
 * Where the output of a service in a JVM of its own goes: a log file, or this console
 * with a prefix on every line, as {@code docker compose up} shows its services.
 */
public sealed interface ServiceOutput {

	/**
	 * Appends the output to a file.
	 * @param file the log file
	 * @return the output
	 */
	static ServiceOutput logFile(Path file) {
		return new LogFile(file);
	}

	/**
	 * Prints each line on this console after a prefix.
	 * @param prefix e.g. {@code "ingest      | "}
	 * @return the output
	 */
	static ServiceOutput console(String prefix) {
		return new Console(prefix);
	}

	/**
	 * Appends the output to a file and prints on this console, after a prefix, only the
	 * log entries at WARN or ERROR (with their stack traces) and the JVM's warnings (see
	 * {@link ProblemLines}).
	 * @param file the log file, which gets every line
	 * @param prefix e.g. {@code "ingest      | "}
	 * @return the output
	 */
	static ServiceOutput problemsOnConsole(Path file, String prefix) {
		return new ProblemsOnConsole(file, prefix);
	}

	/**
	 * A log file that the output is appended to.
	 *
	 * @param file the file
	 */
	record LogFile(Path file) implements ServiceOutput {

		@Override
		public String toString() {
			return this.file.toString();
		}

	}

	/**
	 * A log file that gets every line, and this console the problems among them, each
	 * after a prefix.
	 *
	 * @param file the file
	 * @param prefix the prefix
	 */
	record ProblemsOnConsole(Path file, String prefix) implements ServiceOutput {

		@Override
		public String toString() {
			return this.file.toString();
		}

	}

	/**
	 * This console, each line after a prefix.
	 *
	 * @param prefix the prefix
	 */
	record Console(String prefix) implements ServiceOutput {

		@Override
		public String toString() {
			return "the lines starting with '" + this.prefix.strip() + "'";
		}

	}

}
