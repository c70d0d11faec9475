package io.telemetrypipeline.endtoend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.admin.PipelineAdminApplication;
import io.telemetrypipeline.infrastructure.ChildJvm;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;

/**
 * The operator's tool, pipeline-admin, run against the scenarios' servers as an operator
 * runs it: its own configuration file, the servers' connection settings as
 * {@code --key=value} arguments, then the command. In this JVM
 * ({@link #run(PipelineInfrastructure, Map, String...)}), or in a JVM of its own that a
 * test can kill ({@link #start}).
 */
final class AdminTool {

	/** Quick to start rather than fast to run. */
	static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	private AdminTool() {
	}

	/**
	 * Runs one command in this JVM.
	 * @param servers the servers
	 * @param settings extra settings, e.g. Kafka credentials or a raised parser limit
	 * @param command the command and its options
	 * @return its exit code
	 */
	static int run(PipelineInfrastructure servers, Map<String, String> settings, String... command) {
		return PipelineAdminApplication.execute(arguments(servers, settings, command).toArray(String[]::new));
	}

	/**
	 * Starts one command in a JVM of its own, its output to {@code log}.
	 * @param servers the servers
	 * @param settings extra settings
	 * @param log where its output goes
	 * @param command the command and its options
	 * @return the process
	 */
	static Process start(PipelineInfrastructure servers, Map<String, String> settings, Path log, String... command) {
		return ChildJvm.start(PipelineAdminApplication.class.getName(), JVM_OPTIONS,
				arguments(servers, settings, command), log);
	}

	private static List<String> arguments(PipelineInfrastructure servers, Map<String, String> settings,
			String... command) {
		List<String> arguments = new ArrayList<>();
		servers.springProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
		settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		arguments.add("--spring.config.location=" + LocalPipeline.ownConfiguration(PipelineAdminApplication.class));
		arguments.addAll(List.of(command));
		return arguments;
	}

}
