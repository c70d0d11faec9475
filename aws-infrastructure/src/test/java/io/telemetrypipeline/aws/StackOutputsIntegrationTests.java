package io.telemetrypipeline.aws;

import java.util.LinkedHashMap;
import java.util.Map;

import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.model.PipelineNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack's outputs are the values the Kubernetes overlays need, and the production
 * overlay's example values have their shape (docs/deployment.md says which goes where).
 */
class StackOutputsIntegrationTests {

	@ParameterizedTest
	@EnumSource
	void theStackOutputsWhatTheOverlaysAndOperatorsNeed(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		String ingestQueue = IngestQueuesIntegrationTests.ingestQueue(stack);
		String deadLetterQueue = stack.queueNamed((variant == Variant.FIFO)
				? PipelineNames.INGEST_FIFO_DEAD_LETTER_QUEUE : PipelineNames.INGEST_DEAD_LETTER_QUEUE);
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("IngestQueueUrl", Cfn.ref(ingestQueue));
		expected.put("IngestQueueName", Cfn.attribute(ingestQueue, "QueueName"));
		expected.put("IngestServiceRoleArn", Cfn.attribute(ingestServiceRole(stack), "Arn"));
		expected.put("DeadLetterQueueUrl", Cfn.ref(deadLetterQueue));
		expected.put("RuleErrorQueueUrl", Cfn.ref(stack.queueNamed(PipelineNames.RULE_ERROR_QUEUE)));
		expected.put("DevicePolicyName", Cfn.ref(stack.only("AWS::IoT::Policy")));
		expected.put("TopicRuleName", Cfn.ref(stack.only("AWS::IoT::TopicRule")));
		if (variant == Variant.FIFO) {
			expected.put("FifoForwarderArn", Cfn.ref(stack.only("AWS::StepFunctions::StateMachine")));
		}
		assertThat(stack.outputs()).containsExactlyInAnyOrderEntriesOf(expected);
	}

	@Test
	void theProductionOverlaysExamplesHaveTheShapeOfTheOutputs() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.STANDARD);
		String roleName = stack.properties(ingestServiceRole(stack)).path("RoleName").asString();
		assertThat(ServiceSettings.productionOverlayValue("ServiceAccount", "ingest-service",
				"/metadata/annotations/eks.amazonaws.com~1role-arn"))
			.matches("arn:aws:iam::\\d{12}:role/" + roleName);
		assertThat(ServiceSettings.productionOverlayValue("ScaledObject", "ingest-service",
				"/spec/triggers/0/metadata/queueURL"))
			.matches("https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/\\d{12}/" + IngestProperties.DEFAULT_QUEUE);
		assertThat(ServiceSettings.baseConfigMapValue("ingest-service", "TELEMETRY_INGEST_QUEUE"))
			.isEqualTo(stack.properties(stack.queueNamed(IngestProperties.DEFAULT_QUEUE)).path("QueueName").asString());
	}

	private static String ingestServiceRole(SynthesizedStack stack) {
		return stack.roleAssumedBy("Federated",
				"arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/" + ServiceSettings.eksOidcIssuer());
	}

}
