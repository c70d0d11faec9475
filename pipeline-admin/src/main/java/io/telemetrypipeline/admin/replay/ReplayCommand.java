package io.telemetrypipeline.admin.replay;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: only its sub-commands, {@code dlt} and {@code rejected}, do something.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
		description = "Replays what was put aside on Kafka into telemetry.events.",
		subcommands = { ReplayDltCommand.class, ReplayRejectedCommand.class })
public class ReplayCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Name what to replay: replay dlt or replay rejected");
	}

}
