package io.telemetrypipeline.admin.inspect;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.telemetrypipeline.admin.config.AdminProperties;
import io.telemetrypipeline.admin.config.ParserProperties;
import io.telemetrypipeline.admin.setaside.KafkaClients;
import io.telemetrypipeline.admin.setaside.SelectionOptions;
import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * {@code inspect}: counts and samples of {@code telemetry.events.dlt},
 * {@code telemetry.rejected} and the SQS dead-letter queue, changing none of them.
 */
@Component
@Scope("prototype")
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Counts and samples of what was put aside, by reason, device and time, without consuming it: "
				+ "Kafka is read without a consumer group (no offsets committed), the SQS dead-letter queue with "
				+ "receives whose visibility is set back to 0 at once (nothing deleted)." })
public class InspectCommand implements Callable<Integer> {

	@Parameters(arity = "0..*", paramLabel = "SOURCE",
			description = "What to inspect: ${COMPLETION-CANDIDATES} (default: all three).")
	List<Source> sources = new ArrayList<>();

	@Mixin
	SelectionOptions selection;

	@Option(names = "--samples", paramLabel = "N", defaultValue = "3", description = "Samples per reason (default 3).")
	int samples;

	@Option(names = "--top", paramLabel = "N", defaultValue = "10",
			description = "Devices listed, the most frequent first (default 10).")
	int top;

	@Option(names = "--bucket", paramLabel = "DURATION", defaultValue = "PT1H",
			description = "Width of the time buckets, ISO-8601 (default PT1H).")
	Duration bucket;

	@Option(names = "--max-messages", paramLabel = "N", defaultValue = "10000",
			description = "The most messages read from the SQS dead-letter queue (default 10000).")
	int maxMessages;

	@Option(names = "--json", description = "One JSON document per source on stdout instead of the text report.")
	boolean json;

	@Spec
	CommandSpec spec;

	private final KafkaClients clients;

	private final TopicsProperties topics;

	private final AdminProperties properties;

	private final ParserProperties parser;

	private final ObjectProvider<SqsAsyncClient> sqs;

	InspectCommand(KafkaClients clients, TopicsProperties topics, AdminProperties properties, ParserProperties parser,
			ObjectProvider<SqsAsyncClient> sqs) {
		this.clients = clients;
		this.topics = topics;
		this.properties = properties;
		this.parser = parser;
		this.sqs = sqs;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		List<Source> chosen = this.sources.isEmpty() ? List.of(Source.values()) : this.sources;
		JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		TopicInspection topicInspection = new TopicInspection(this.clients, this.properties, this.selection.selection(),
				this.samples, this.bucket);
		for (Source source : chosen) {
			Tally tally = switch (source) {
				case DLT -> topicInspection.deadLetters(this.topics.deadLetter());
				case REJECTED -> topicInspection.rejected(this.topics.rejected());
				case SQS -> new QueueInspection(this.sqs.getObject(), this.properties, this.parser,
						this.selection.selection(), this.samples, this.bucket)
					.inspect(this.properties.deadLetterQueue(), this.maxMessages, this.spec.commandLine().getErr());
			};
			if (this.json) {
				Map<String, Object> document = tally.toMap(this.top);
				out.println(mapper.writeValueAsString(document));
			}
			else {
				tally.print(out, this.top);
			}
		}
		out.flush();
		return 0;
	}

	/** What {@code inspect} can look at. */
	enum Source {

		/** {@code telemetry.events.dlt}. */
		DLT,

		/** {@code telemetry.rejected}. */
		REJECTED,

		/** The SQS dead-letter queue. */
		SQS;

		@Override
		public String toString() {
			return name().toLowerCase();
		}

	}

}
