package io.telemetrypipeline.benchmarks.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the end of a child process's log for error messages.
 */
final class LogFiles {

	private static final int TAIL_LINES = 60;

	private LogFiles() {
	}

	static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return "(no log at " + log + ": " + ex.getMessage() + ")";
		}
	}

}
