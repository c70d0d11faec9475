package io.telemetrypipeline.admin;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.regex.Pattern;

import picocli.CommandLine;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Runs the command line with picocli once the context has started, its sub-commands
 * created as Spring beans, and keeps the exit code for Spring Boot to return. Arguments
 * that are Spring Boot settings ({@code --spring.kafka.bootstrap-servers=...}: a name
 * with a dot) are Spring Boot's, not the command's.
 */
@Component
class AdminCommandRunner implements CommandLineRunner, ExitCodeGenerator {

	/** The command failed. */
	static final int FAILED = 1;

	/** The command line was wrong. */
	static final int USAGE = 2;

	private static final Pattern SETTING = Pattern.compile("--[a-zA-Z][\\w-]*\\.[\\w.\\[\\]-]+(=.*)?");

	private final ApplicationContext context;

	private int exitCode;

	AdminCommandRunner(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void run(String... args) {
		CommandLine commandLine = commandLine(this.context);
		this.exitCode = commandLine.execute(commandArguments(args));
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

	/**
	 * The command line, each command a bean of the context when it is one.
	 * @param context the application context
	 * @return the command line with its sub-commands
	 */
	static CommandLine commandLine(ApplicationContext context) {
		CommandLine.IFactory fallback = CommandLine.defaultFactory();
		CommandLine.IFactory factory = new CommandLine.IFactory() {

			@Override
			public <K> K create(Class<K> type) throws Exception {
				K bean = context.getBeanProvider(type).getIfAvailable();
				return (bean != null) ? bean : fallback.create(type);
			}

		};
		CommandLine commandLine = new CommandLine(AdminCommand.class, factory);
		commandLine.setOut(new PrintWriter(System.out, true));
		commandLine.setErr(new PrintWriter(System.err, true));
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setExecutionExceptionHandler((ex, line, parsed) -> {
			line.getErr().println(line.getColorScheme().errorText("pipeline-admin: " + describe(ex)));
			return FAILED;
		});
		return commandLine;
	}

	private static String describe(Exception ex) {
		Throwable cause = ex;
		StringBuilder message = new StringBuilder();
		if (!ex.getClass().getName().startsWith("io.telemetrypipeline.")) {
			message.append(ex.getClass().getSimpleName()).append(": ");
		}
		message.append(ex.getMessage());
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			message.append(": ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
		}
		return message.toString();
	}

	/**
	 * The arguments that belong to the command, without Spring Boot's settings.
	 * @param args every argument
	 * @return the command's
	 */
	static String[] commandArguments(String... args) {
		return Arrays.stream(args).filter((arg) -> !SETTING.matcher(arg).matches()).toArray(String[]::new);
	}

}
