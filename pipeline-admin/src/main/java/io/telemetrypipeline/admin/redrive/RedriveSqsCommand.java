package io.telemetrypipeline.admin.redrive;

import java.util.concurrent.Callable;

import io.telemetrypipeline.admin.config.AdminProperties;
import io.telemetrypipeline.admin.config.ParserProperties;
import io.telemetrypipeline.admin.console.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * {@code redrive sqs}: every message of the SQS dead-letter queue back to the ingest
 * queue (see {@link QueueRedrive}).
 */
@Component
@Scope("prototype")
@Command(name = "sqs", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Moves every message of the SQS dead-letter queue (telemetry.admin.dead-letter-queue) back "
				+ "to the ingest queue (telemetry.ingest.queue): with SQS's StartMessageMoveTask where the server "
				+ "offers it, else by receive, send and delete, deleting each message only after the ingest queue "
				+ "accepted it." },
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:the dead-letter queue was emptied (or, dry run, counted)", "1:failed",
				"2:wrong command line", "130:stopped (Ctrl-C, SIGTERM); what was moved stays moved" })
class RedriveSqsCommand implements Callable<Integer> {

	@Option(names = "--from-queue", paramLabel = "QUEUE",
			description = "The dead-letter queue (default: telemetry.admin.dead-letter-queue, telemetry-ingest-dlq).")
	String fromQueue;

	@Option(names = "--to-queue", paramLabel = "QUEUE",
			description = "Where the messages go (default: telemetry.ingest.queue, telemetry-ingest).")
	String toQueue;

	@Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
			description = "${COMPLETION-CANDIDATES} (default auto: a move task where SQS offers one, else copy).")
	QueueRedrive.Method method;

	@Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
			description = "At most this many messages per second (default: no limit; a move task takes whole "
					+ "numbers up to 500).")
	double rate;

	@Option(names = "--dry-run",
			description = "Count what would be moved, from the queues' attributes alone; receive nothing.")
	boolean dryRun;

	@Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
			description = "How progress is shown on stderr: ${COMPLETION-CANDIDATES}.")
	Progress.Mode progress;

	@Spec
	CommandSpec spec;

	private final QueueRedrive redrive;

	private final AdminProperties properties;

	private final ParserProperties ingest;

	RedriveSqsCommand(QueueRedrive redrive, AdminProperties properties, ParserProperties ingest) {
		this.redrive = redrive;
		this.properties = properties;
		this.ingest = ingest;
	}

	@Override
	public Integer call() {
		String from = (this.fromQueue != null) ? this.fromQueue : this.properties.deadLetterQueue();
		String to = (this.toQueue != null) ? this.toQueue : this.ingest.queue();
		boolean complete = this.redrive.redrive(
				new QueueRedrive.Request(from, to, this.method, this.rate, this.dryRun, this.progress),
				this.spec.commandLine().getOut(), this.spec.commandLine().getErr());
		return complete ? 0 : 130;
	}

}
