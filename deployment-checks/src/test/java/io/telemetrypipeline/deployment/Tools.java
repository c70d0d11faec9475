package io.telemetrypipeline.deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * The command-line tools the checks run: found on the {@code PATH}
 * ({@code docker-compose}, {@code prometheus} with {@code promtool}, {@code kubectl},
 * {@code npm}), or installed from the npm registry into this module ({@code dclint},
 * {@code dockerfile-utils}). The build installs no system package:
 * {@code .ci/install-tools} does, before CI runs the build. A missing tool skips the
 * check that needs it, with the reason, and fails it when the environment variable
 * {@code CI} is set (as {@code .ci/run} does), so CI never skips a check silently.
 */
final class Tools {

	private static final Path NODE_MODULES = Repository.path("deployment-checks/node_modules");

	/** Where each tool comes from, for the message when it is missing. */
	private static final Map<String, String> SOURCES = Map.of("docker-compose",
			"Debian: apt-get install docker-compose", "prometheus", "Debian: apt-get install prometheus", "promtool",
			"Debian: apt-get install prometheus", "npm", "Debian: apt-get install npm", "kubectl",
			"a kubectl with kustomize components, 1.21 or newer: https://kubernetes.io/docs/tasks/tools/");

	private Tools() {
	}

	/**
	 * The executable of a tool on the {@code PATH}.
	 * @param name the command
	 * @return its path
	 */
	static Path require(String name) {
		String path = System.getenv("PATH");
		for (String dir : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String reason = name + " is not on the PATH, so this check cannot run; install it ("
				+ SOURCES.getOrDefault(name, name) + ") or run .ci/install-tools";
		if (inCi()) {
			fail(reason + ". CI is set, so a missing tool fails the build instead of skipping the check.");
		}
		Assumptions.abort(reason);
		return null;
	}

	/**
	 * Whether this build runs in CI: the environment variable {@code CI} is set to
	 * anything but {@code false} or {@code 0}.
	 */
	private static boolean inCi() {
		String ci = System.getenv("CI");
		return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
	}

	/**
	 * The executable of an npm tool of this module, installed with {@code npm ci} from
	 * {@code package-lock.json} on first use. That writes only into this module's
	 * {@code node_modules} (ignored by git and by the Docker build) and npm's own
	 * download cache, as Maven writes into its local repository: no system package, no
	 * root.
	 * @param name the tool
	 * @return its path
	 */
	static synchronized Path npm(String name) {
		Path executable = NODE_MODULES.resolve(".bin").resolve(name);
		if (!Files.isExecutable(executable)) {
			Result install = run(List.of(require("npm").toString(), "ci", "--no-audit", "--no-fund"),
					Repository.path("deployment-checks"), 300);
			if (install.exitCode() != 0) {
				fail("npm ci failed: " + install.output());
			}
		}
		return executable;
	}

	/**
	 * Runs a command to its end.
	 * @param command the command and its arguments
	 * @param directory where
	 * @param timeoutSeconds the longest it may take
	 * @return exit code and output (stdout and stderr together)
	 */
	static Result run(List<String> command, Path directory, long timeoutSeconds) {
		try {
			Path output = Files.createTempFile("tool", ".out");
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			Files.delete(output);
			return new Result(process.exitValue(), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Result run(Path executable, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(executable.toString());
		command.addAll(List.of(arguments));
		return run(command, Repository.ROOT, 120);
	}

	record Result(int exitCode, String output) {
	}

}
