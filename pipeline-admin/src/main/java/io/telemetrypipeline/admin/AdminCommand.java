package io.telemetrypipeline.admin;

import io.telemetrypipeline.admin.inspect.InspectCommand;
import io.telemetrypipeline.admin.redrive.RedriveCommand;
import io.telemetrypipeline.admin.replay.ReplayCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top-level command: only its sub-commands do something; alone it is a usage error.
 */
@Command(name = "pipeline-admin", mixinStandardHelpOptions = true, version = "pipeline-admin 0.1.0",
		description = { "Finds what the telemetry pipeline put aside and brings it back.",
				"Settings (Kafka, SQS, topics, parser limits) as the services take them: "
						+ "--spring.kafka.bootstrap-servers=... or SPRING_KAFKA_BOOTSTRAP_SERVERS; "
						+ "see docs/operations.md." },
		subcommands = { InspectCommand.class, ReplayCommand.class, RedriveCommand.class })
class AdminCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(),
				"Name a command: inspect, replay dlt, replay rejected " + "or redrive sqs");
	}

}
