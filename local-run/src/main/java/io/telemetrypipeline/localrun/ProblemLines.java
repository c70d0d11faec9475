package io.telemetrypipeline.localrun;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the lines of a service's output that an operator must see: a log entry at WARN or
 * ERROR in Spring Boot's console pattern, with the lines that continue it (a stack trace,
 * a multi-line message), and a warning the JVM prints itself ({@code WARNING:}) or an
 * exception that ended a thread. Entries at INFO and below, and their continuations, are
 * not. Reads one service's lines in order: an instance per service.
 */
final class ProblemLines {

	/** The start of a log entry: its timestamp, then its level. */
	private static final Pattern ENTRY = Pattern
		.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\S*\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\s");

	private boolean inProblem;

	/**
	 * Whether a line is a problem, or continues one.
	 * @param line the next line of the service's output
	 * @return whether to show it
	 */
	boolean isProblem(String line) {
		Matcher entry = ENTRY.matcher(line);
		if (entry.find()) {
			this.inProblem = entry.group(1).equals("WARN") || entry.group(1).equals("ERROR");
		}
		else if (line.startsWith("WARNING:") || line.startsWith("Exception in thread")) {
			this.inProblem = true;
		}
		return this.inProblem;
	}

}
