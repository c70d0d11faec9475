package io.telemetrypipeline.endtoend;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * {@code redrive sqs} on the shared servers: readings on an ingest queue's dead-letter
 * queue (as SQS leaves them after {@code maxReceiveCount} failed receives) are inspected
 * without being taken off it, counted by a dry run that moves nothing, then moved back to
 * the ingest queue, by copy and by SQS's message move task (ElasticMQ offers it), and
 * each is then stored exactly once.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterQueueRedriveIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	@Test
	void movesEveryDeadLetteredMessageBackAndEachIsStoredOnce(CapturedOutput output) throws Exception {
		ScenarioReadings source = ScenarioReadings.onOwnQueue(servers, "redrive", 5, false);
		ScenarioReadings deadLettered = new ScenarioReadings(servers, "redrive", 5, source.deadLetterQueue());
		deadLettered.stream(60, 600).get();
		assertThat(servers.messagesOn(source.deadLetterQueue())).isEqualTo(60);
		Map<String, String> queues = Map.of("telemetry.admin.dead-letter-queue", source.deadLetterQueue(),
				"telemetry.ingest.queue", source.queue());

		String inspected = report(output,
				() -> assertThat(AdminTool.run(servers, queues, "inspect", "sqs", "--json")).isZero());
		assertThat(inspected).contains("\"total\" : 60", "\"accepted\" : 60", "\"messages read\" : 60");
		assertThat(servers.messagesOn(source.deadLetterQueue())).as("inspect deletes nothing").isEqualTo(60);
		assertThat(receiveAtOnce(source.deadLetterQueue())).as("and sets the visibility back at once").isNotEmpty();

		String dryRun = report(output,
				() -> assertThat(AdminTool.run(servers, queues, "redrive", "sqs", "--dry-run")).isZero());
		assertThat(dryRun).contains("60 messages would move");
		assertThat(servers.messagesOn(source.deadLetterQueue())).isEqualTo(60);
		assertThat(servers.messagesOn(source.queue())).isZero();

		try (LocalPipeline pipeline = LocalPipeline.start(servers, source.onQueue(Map.of("server.port", "0")))) {
			String copied = report(output,
					() -> assertThat(
							AdminTool.run(servers, queues, "redrive", "sqs", "--method", "copy", "--progress", "lines"))
						.isZero());
			assertThat(copied).contains("by copy: 60 messages moved, 0 not sent");
			deadLettered.awaitStoredExactlyOnce(Duration.ofSeconds(60));
			assertThat(servers.messagesOn(source.deadLetterQueue())).isZero();

			deadLettered.stream(40, 400).get();
			String moved = report(output,
					() -> assertThat(AdminTool.run(servers, queues, "redrive", "sqs", "--rate", "100")).isZero());
			assertThat(moved).contains("by message move task").contains(": completed, ");
			deadLettered.awaitStoredExactlyOnce(Duration.ofSeconds(60));
			waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(servers.messagesOn(source.deadLetterQueue())).isZero();
				assertThat(servers.messagesOn(source.queue())).isZero();
			});
		}
	}

	private static List<Message> receiveAtOnce(String queue) {
		try (SqsClient sqs = servers.sqsClient()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
			List<Message> messages = sqs
				.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(0))
				.messages();
			return messages;
		}
	}

	private static String report(CapturedOutput output, Runnable run) {
		int before = output.getOut().length();
		run.run();
		return output.getOut().substring(before);
	}

}
