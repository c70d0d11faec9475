package io.telemetrypipeline.admin.redrive;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code redrive}: only its sub-command, {@code sqs}, does something.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
		description = "Moves what a dead-letter queue holds back to its source.", subcommands = RedriveSqsCommand.class)
public class RedriveCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Name what to redrive: redrive sqs");
	}

}
