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
