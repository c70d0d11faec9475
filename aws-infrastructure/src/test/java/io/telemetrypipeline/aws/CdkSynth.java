package io.telemetrypipeline.aws;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build's synthesis of the CDK app, run before the integration tests read what it
 * wrote: {@code npm ci} when {@code node_modules} is missing or older than
 * {@code package-lock.json}, the TypeScript compiler, then the aws-cdk CLI's
 * {@code synth} once per {@link Variant}, side by side, each into a cloud assembly of its
 * own. The CLI runs with notices, its version check and its telemetry off, and needs no
 * AWS account: nothing leaves the machine but {@code npm ci}'s requests to the npm
 * registry.
 * <p>
 * Without {@code node} or {@code npm} on the {@code PATH} it writes why into
 * {@value #SKIPPED} in the synthesis directory, so the checks skip with that reason, and
 * fails the build when the environment variable {@code CI} is set, as the deployment
 * checks treat a missing tool.
 */
public final class CdkSynth {

	/** The file that says why nothing was synthesised. */
	static final String SKIPPED = "SKIPPED";

	/** The oldest Node.js that aws-cdk-lib supports (its {@code engines}). */
	private static final int MIN_NODE_MAJOR = 20;

	private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

	private final Path module;

	private final Path output;

	private final String eksOidcIssuer;

	private CdkSynth(Path module, Path output, String eksOidcIssuer) {
		this.module = module;
		this.output = output;
		this.eksOidcIssuer = eksOidcIssuer;
	}

	/**
	 * Synthesises both variants.
	 * @param args the module's directory, the synthesis directory, and the EKS OIDC
	 * issuer to synthesise with
	 * @throws IOException if a file cannot be written or read
	 */
	public static void main(String[] args) throws IOException {
		if (args.length != 3) {
			throw new IllegalArgumentException(
					"Expected <module directory> <synthesis directory> <EKS OIDC issuer>, got " + List.of(args));
		}
		new CdkSynth(Path.of(args[0]), Path.of(args[1]), args[2]).run();
	}

	private void run() throws IOException {
		deleteRecursively(this.output);
		Files.createDirectories(this.output);
		Path node = onPath("node", "node.exe");
		Path npm = onPath("npm", "npm.cmd");
		if (node == null || npm == null) {
			skip(((node != null) ? "npm" : "node") + " is not on the PATH, so the CDK app is not synthesised and its "
					+ "checks are skipped; install Node.js " + MIN_NODE_MAJOR + " or newer with npm, or run "
					+ ".ci/install-tools");
			return;
		}
		String version = nodeVersion(node);
		if (majorOf(version) < MIN_NODE_MAJOR) {
			skip("node " + version + " is older than aws-cdk-lib needs (Node.js " + MIN_NODE_MAJOR
					+ " or newer), so the "
					+ "CDK app is not synthesised and its checks are skipped; install a newer Node.js (Debian bookworm's "
					+ "nodejs is 18: take NodeSource's or the official build)");
			return;
		}
		long start = System.nanoTime();
		String install = "not needed";
		if (nodeModulesStale()) {
			start(List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error"), "npm-ci")
				.await(NPM_CI_TIMEOUT);
			install = seconds(start);
		}
		long compile = System.nanoTime();
		start(List.of(node.toString(), "node_modules/typescript/bin/tsc", "-p", "tsconfig.json"), "tsc")
			.await(STEP_TIMEOUT);
		String compiled = seconds(compile);
		long synthesis = System.nanoTime();
		List<Step> synths = new ArrayList<>();
		for (Variant variant : Variant.values()) {
			synths.add(start(synth(node, variant), "synth-" + variant.queueType()));
		}
		for (Step synth : synths) {
			synth.await(STEP_TIMEOUT);
		}
		System.out.printf("[aws-infrastructure] npm ci: %s, tsc: %s, cdk synth of %s side by side: %s, into %s%n",
				install, compiled, List.of(Variant.values()), seconds(synthesis), this.output);
	}

	private String nodeVersion(Path node) throws IOException {
		Step step = start(List.of(node.toString(), "--version"), "node-version");
		step.await(STEP_TIMEOUT);
		return Files.readString(step.log(), StandardCharsets.UTF_8).trim();
	}

	private List<String> synth(Path node, Variant variant) {
		return List.of(node.toString(), "node_modules/aws-cdk/bin/cdk", "synth", "--quiet", "--no-notices",
				"--no-version-reporting", "--app", quoted(node) + " target/js/bin/telemetry-pipeline.js", "--context",
				"queueType=" + variant.queueType(), "--context", "eksOidcIssuer=" + this.eksOidcIssuer, "--output",
				variant.assembly(this.output).toString());
	}

	private boolean nodeModulesStale() {
		File installed = this.module.resolve("node_modules/.package-lock.json").toFile();
		File lock = this.module.resolve("package-lock.json").toFile();
		return !installed.isFile() || installed.lastModified() < lock.lastModified();
	}

	private Step start(List<String> command, String name) throws IOException {
		Path log = this.output.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.module.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
		builder.environment().put("CDK_DISABLE_VERSION_CHECK", "true");
		builder.environment().put("NPM_CONFIG_UPDATE_NOTIFIER", "false");
		return new Step(String.join(" ", command), builder.start(), log);
	}

	private void skip(String reason) throws IOException {
		if (inCi()) {
			throw new IllegalStateException(
					reason + ". CI is set, so a missing tool fails the build instead of skipping the checks.");
		}
		Files.writeString(this.output.resolve(SKIPPED), reason, StandardCharsets.UTF_8);
		System.out.println("[aws-infrastructure] SKIPPED: " + reason);
	}

	/**
	 * Whether this build runs in CI: the environment variable {@code CI} is set to
	 * anything but {@code false} or {@code 0}.
	 * @return whether a missing tool must fail the build
	 */
	static boolean inCi() {
		String ci = System.getenv("CI");
		return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
	}

	/**
	 * The major version of a {@code node --version} answer.
	 * @param version e.g. {@code v20.20.2}
	 * @return e.g. 20; 0 for an answer that is no version
	 */
	static int majorOf(String version) {
		Matcher matcher = Pattern.compile("v(\\d+)\\..*").matcher(version);
		return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
	}

	static Path onPath(String... names) {
		String path = System.getenv("PATH");
		for (String dir : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
			for (String name : names) {
				Path candidate = Path.of(dir, name);
				if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	private static String quoted(Path executable) {
		String text = executable.toString();
		return text.contains(" ") ? "\"" + text + "\"" : text;
	}

	private static String seconds(long since) {
		return String.format("%.1f s", (System.nanoTime() - since) / 1e9);
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/**
	 * A command started in the module's directory, its output going to its log.
	 *
	 * @param command the command line, for messages
	 * @param process the running process
	 * @param log its standard output and error
	 */
	private record Step(String command, Process process, Path log) {

		void await(Duration timeout) {
			try {
				if (!this.process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
					throw new IllegalStateException(
							"Did not finish within " + timeout.toSeconds() + " s: " + this.command + "\n" + output());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
				throw new IllegalStateException("Interrupted while waiting for " + this.command, ex);
			}
			if (this.process.exitValue() != 0) {
				throw new IllegalStateException(
						"Failed with exit code " + this.process.exitValue() + ": " + this.command + "\n" + output());
			}
		}

		private String output() {
			try {
				return Files.readString(this.log, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "(its output in " + this.log + " is unreadable: " + ex.getMessage() + ")";
			}
		}

	}

}
