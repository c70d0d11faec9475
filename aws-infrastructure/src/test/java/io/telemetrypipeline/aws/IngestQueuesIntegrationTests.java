package io.telemetrypipeline.aws;

import java.time.Duration;
import java.util.Map;

import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.model.PipelineNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queues of both variants: named as the services and local servers name them,
 * configured as ingest-service needs them, encrypted, and reachable over TLS only.
 */
class IngestQueuesIntegrationTests {

	@Test
	void theStandardQueuesAreNamedAsThePipelineAndIngestServicesDefaultQueue() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.STANDARD);
		assertThat(queueNames(stack)).containsExactlyInAnyOrder(PipelineNames.INGEST_QUEUE,
				PipelineNames.INGEST_DEAD_LETTER_QUEUE, PipelineNames.RULE_ERROR_QUEUE);
		assertThat(stack.properties(stack.queueNamed(IngestProperties.DEFAULT_QUEUE)).has("FifoQueue")).isFalse();
		assertThat(stack.properties(stack.queueNamed(PipelineNames.INGEST_DEAD_LETTER_QUEUE)).has("FifoQueue"))
			.isFalse();
	}

	@Test
	void theFifoVariantsQueuesAreTheFifoQueuesOfThePipelineWithContentBasedDeduplicationAndThroughputPerDevice() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.FIFO);
		assertThat(queueNames(stack)).containsExactlyInAnyOrder(PipelineNames.INGEST_FIFO_QUEUE,
				PipelineNames.INGEST_FIFO_DEAD_LETTER_QUEUE, PipelineNames.RULE_ERROR_QUEUE);
		JsonNode ingest = stack.properties(stack.queueNamed(PipelineNames.INGEST_FIFO_QUEUE));
		assertThat(ingest.path("FifoQueue").asBoolean()).isTrue();
		assertThat(ingest.path("ContentBasedDeduplication").asBoolean()).isTrue();
		assertThat(ingest.path("DeduplicationScope").asString()).isEqualTo("messageGroup");
		assertThat(ingest.path("FifoThroughputLimit").asString()).isEqualTo("perMessageGroupId");
		assertThat(stack.properties(stack.queueNamed(PipelineNames.INGEST_FIFO_DEAD_LETTER_QUEUE))
			.path("FifoQueue")
			.asBoolean()).isTrue();
		assertThat(stack.properties(stack.queueNamed(PipelineNames.RULE_ERROR_QUEUE)).has("FifoQueue"))
			.as("the rule error queue stays a standard queue: the IoT rule's SQS error action supports no FIFO queue")
			.isFalse();
	}

	@ParameterizedTest
	@EnumSource
	void theVisibilityTimeoutOutlastsIngestServicesBatchDeadlineAndMarginAsOnTheLocalServers(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		Duration visibilityTimeout = Duration
			.ofSeconds(stack.properties(ingestQueue(stack)).path("VisibilityTimeout").asLong());
		IngestProperties ingest = ServiceSettings.ingestServiceDefaults();
		assertThat(ingest.listener().visibilityTimeout())
			.as("ingest-service keeps the queue's own visibility timeout unless told otherwise")
			.isNull();
		assertThat(visibilityTimeout).isGreaterThan(ingest.publishTimeout().plus(ingest.listener().visibilityMargin()));
		assertThat(ServiceSettings.localVisibilityTimeouts()).containsOnly(visibilityTimeout);
	}

	@ParameterizedTest
	@EnumSource
	void aMessageIsDeadLetteredAfterAsManyReceivesAsOnTheLocalServers(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		JsonNode redrive = stack.properties(ingestQueue(stack)).path("RedrivePolicy");
		String deadLetterQueue = stack.queueNamed((variant == Variant.FIFO)
				? PipelineNames.INGEST_FIFO_DEAD_LETTER_QUEUE : PipelineNames.INGEST_DEAD_LETTER_QUEUE);
		assertThat(redrive.path("deadLetterTargetArn").asString()).isEqualTo(Cfn.attribute(deadLetterQueue, "Arn"));
		assertThat(ServiceSettings.localMaxReceiveCounts()).containsOnly(redrive.path("maxReceiveCount").asInt());
		assertThat(redrive.size()).isEqualTo(2);
		assertThat(stack.properties(deadLetterQueue).has("RedrivePolicy")).isFalse();
	}

	@ParameterizedTest
	@EnumSource
	void everyQueueIsEncryptedAtRestBySqsWithNoKeyPolicyToManage(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		Map<String, JsonNode> queues = stack.resources("AWS::SQS::Queue");
		assertThat(queues).hasSize(3);
		assertThat(queues.keySet()).allSatisfy((queue) -> {
			JsonNode properties = stack.properties(queue);
			assertThat(properties.path("SqsManagedSseEnabled").asBoolean()).as("SSE-SQS on %s", queue).isTrue();
			assertThat(properties.has("KmsMasterKeyId")).isFalse();
		});
		assertThat(stack.resources("AWS::KMS::Key")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource
	void everyQueueRefusesRequestsWithoutTlsAndGrantsNothing(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		Map<String, JsonNode> policies = stack.resources("AWS::SQS::QueuePolicy");
		assertThat(policies).hasSameSizeAs(stack.resources("AWS::SQS::Queue"));
		for (String queue : stack.resources("AWS::SQS::Queue").keySet()) {
			JsonNode policy = policies.keySet()
				.stream()
				.map(stack::properties)
				.filter((properties) -> properties.path("Queues").equals(Cfn.json("[\"" + Cfn.ref(queue) + "\"]")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no queue policy of " + queue));
			assertThat(policy.path("PolicyDocument")).isEqualTo(Cfn.json("""
					{"Version": "2012-10-17", "Statement": [{
					  "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sqs:*", "Resource": "%s",
					  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
					""".formatted(Cfn.attribute(queue, "Arn"))));
		}
	}

	@ParameterizedTest
	@EnumSource
	void theDeadLetterAndErrorQueuesKeepMessagesForTheLongestSqsAllows(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		long fourteenDays = Duration.ofDays(14).toSeconds();
		String deadLetterQueue = stack.queueNamed((variant == Variant.FIFO)
				? PipelineNames.INGEST_FIFO_DEAD_LETTER_QUEUE : PipelineNames.INGEST_DEAD_LETTER_QUEUE);
		assertThat(stack.properties(deadLetterQueue).path("MessageRetentionPeriod").asLong()).isEqualTo(fourteenDays);
		assertThat(stack.properties(stack.queueNamed(PipelineNames.RULE_ERROR_QUEUE))
			.path("MessageRetentionPeriod")
			.asLong()).isEqualTo(fourteenDays);
	}

	static String ingestQueue(SynthesizedStack stack) {
		return stack.queueNamed(
				(stack.variant() == Variant.FIFO) ? PipelineNames.INGEST_FIFO_QUEUE : IngestProperties.DEFAULT_QUEUE);
	}

	private static Iterable<String> queueNames(SynthesizedStack stack) {
		return stack.resources("AWS::SQS::Queue")
			.values()
			.stream()
			.map((queue) -> queue.path("Properties").path("QueueName").asString())
			.toList();
	}

}
