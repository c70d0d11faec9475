package io.telemetrypipeline.admin.replay;

import java.util.concurrent.Callable;

import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * {@code replay dlt}: the selected records of {@code telemetry.events.dlt} back to
 * {@code telemetry.events}, as they are (see {@link DeadLetterReplay}).
 */
@Component
@Scope("prototype")
@Command(name = "dlt", mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Replays dead letters (telemetry.events.dlt) to telemetry.events, each with its own event id, "
						+ "so persistence-service stores each at most once.",
				"Resumable: progress is the consumer group's committed offsets, committed after Kafka acknowledged "
						+ "each batch; run the same command again after an interruption." },
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:every selected record went through", "1:failed; nothing of the failed batch committed",
				"2:wrong command line", "130:stopped (Ctrl-C, SIGTERM) after committing the batch in flight" })
class ReplayDltCommand implements Callable<Integer> {

	static final int STOPPED = 130;

	@Mixin
	ReplayOptions options;

	@Spec
	CommandSpec spec;

	private final Replayer replayer;

	private final TopicsProperties topics;

	ReplayDltCommand(Replayer replayer, TopicsProperties topics) {
		this.replayer = replayer;
		this.topics = topics;
	}

	@Override
	public Integer call() {
		boolean complete = this.replayer.replay(new DeadLetterReplay(this.topics.deadLetter(), this.topics.events()),
				this.topics.events(), this.options, this.spec.commandLine().getOut(), this.spec.commandLine().getErr());
		return complete ? 0 : STOPPED;
	}

}
