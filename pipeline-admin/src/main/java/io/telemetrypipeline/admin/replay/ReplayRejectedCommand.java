package io.telemetrypipeline.admin.replay;

import java.util.concurrent.Callable;

import io.telemetrypipeline.admin.config.ParserProperties;
import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * {@code replay rejected}: the selected bodies of {@code telemetry.rejected} through the
 * current parser; what it accepts to {@code telemetry.events} (see
 * {@link RejectedReplay}).
 */
@Component
@Scope("prototype")
@Command(name = "rejected", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Re-ingests rejected input (telemetry.rejected) through the current parser, with the "
				+ "telemetry.ingest.validation.* limits and telemetry.ingest.identity policy this tool is given: "
				+ "what it accepts goes to telemetry.events under the event id ingest-service derives, what it "
				+ "still rejects is reported. Bodies cut at max-rejected-body-bytes are reported, never replayed.",
				"Resumable as replay dlt." },
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:every selected record went through", "1:failed; nothing of the failed batch committed",
				"2:wrong command line", "130:stopped (Ctrl-C, SIGTERM) after committing the batch in flight" })
class ReplayRejectedCommand implements Callable<Integer> {

	@Mixin
	ReplayOptions options;

	@Spec
	CommandSpec spec;

	private final Replayer replayer;

	private final TopicsProperties topics;

	private final ParserProperties parser;

	ReplayRejectedCommand(Replayer replayer, TopicsProperties topics, ParserProperties parser) {
		this.replayer = replayer;
		this.topics = topics;
		this.parser = parser;
	}

	@Override
	public Integer call() {
		RejectedReplay source = new RejectedReplay(this.parser.parser(), this.topics.rejected(), this.topics.events(),
				this.parser.validation().maxRejectedBodyBytes());
		boolean complete = this.replayer.replay(source, this.topics.events(), this.options,
				this.spec.commandLine().getOut(), this.spec.commandLine().getErr());
		return complete ? 0 : ReplayDltCommand.STOPPED;
	}

}
