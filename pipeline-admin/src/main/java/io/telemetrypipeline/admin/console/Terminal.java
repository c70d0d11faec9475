package io.telemetrypipeline.admin.console;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether this process writes to an interactive terminal. On Java 22 and later
 * {@link System#console()} exists even without one, and {@code Console.isTerminal()}
 * tells; on Java 21 a console exists only on a terminal.
 */
final class Terminal {

	private Terminal() {
	}

	static boolean isInteractive() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			Method isTerminal = Console.class.getMethod("isTerminal");
			return (boolean) isTerminal.invoke(console);
		}
		catch (ReflectiveOperationException ex) {
			return true;
		}
	}

}
