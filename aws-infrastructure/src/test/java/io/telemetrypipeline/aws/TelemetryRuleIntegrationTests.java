package io.telemetrypipeline.aws;

import io.telemetrypipeline.model.PipelineNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IoT topic rule of both variants: what it selects, where it sends each reading (the
 * ingest queue, or the FIFO forwarder and from there the FIFO queue, grouped by device),
 * and where what it could not send goes.
 */
class TelemetryRuleIntegrationTests {

	/** The rule's name, which its role's trust policy names too. */
	static final String RULE_NAME = "telemetry_ingest";

	@ParameterizedTest
	@EnumSource
	void theRuleSelectsEveryDeviceReadingWithTheIdentityAwsIotAuthenticated(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		JsonNode rule = stack.properties(stack.only("AWS::IoT::TopicRule"));
		assertThat(rule.path("RuleName").asString()).isEqualTo(RULE_NAME);
		JsonNode payload = rule.path("TopicRulePayload");
		assertThat(payload.path("Sql").asString())
			.isEqualTo("SELECT *, clientid() AS clientId, topic() AS topic, timestamp() AS receivedAt FROM '"
					+ PipelineNames.DEVICE_TELEMETRY_TOPIC_FILTER + "'");
		assertThat(payload.path("AwsIotSqlVersion").asString()).isEqualTo("2016-03-23");
		assertThat(payload.path("RuleDisabled").asBoolean(true)).isFalse();
	}

	@Test
	void onTheStandardQueueTheRuleSendsEachReadingAsJsonToTheIngestQueue() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.STANDARD);
		JsonNode payload = stack.properties(stack.only("AWS::IoT::TopicRule")).path("TopicRulePayload");
		assertThat(payload.path("Actions")).isEqualTo(Cfn.json("""
				[{"Sqs": {"QueueUrl": "%s", "RoleArn": "%s", "UseBase64": false}}]
				""".formatted(Cfn.ref(stack.queueNamed(PipelineNames.INGEST_QUEUE)), ruleRoleArn(stack))));
	}

	@ParameterizedTest
	@EnumSource
	void whatTheRuleCannotForwardGoesToTheRuleErrorQueue(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		JsonNode payload = stack.properties(stack.only("AWS::IoT::TopicRule")).path("TopicRulePayload");
		assertThat(payload.path("ErrorAction")).isEqualTo(Cfn.json("""
				{"Sqs": {"QueueUrl": "%s", "RoleArn": "%s", "UseBase64": false}}
				""".formatted(Cfn.ref(stack.queueNamed(PipelineNames.RULE_ERROR_QUEUE)), ruleRoleArn(stack))));
	}

	@Test
	void onTheFifoQueueTheRuleStartsTheExpressForwarderForEachReading() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.FIFO);
		String stateMachine = stack.only("AWS::StepFunctions::StateMachine");
		JsonNode payload = stack.properties(stack.only("AWS::IoT::TopicRule")).path("TopicRulePayload");
		assertThat(payload.path("Actions")).isEqualTo(Cfn.json("""
				[{"StepFunctions": {"StateMachineName": "%s", "ExecutionNamePrefix": "reading", "RoleArn": "%s"}}]
				""".formatted(Cfn.attribute(stateMachine, "Name"), ruleRoleArn(stack))));
		JsonNode properties = stack.properties(stateMachine);
		assertThat(properties.path("StateMachineType").asString()).isEqualTo("EXPRESS");
		assertThat(properties.path("StateMachineName").asString()).isEqualTo("telemetry-ingest-fifo-forwarder");
		assertThat(properties.path("RoleArn").asString())
			.isEqualTo(Cfn.attribute(stack.roleAssumedBy("Service", "states.amazonaws.com"), "Arn"));
	}

	@Test
	void theForwarderSendsTheRulesOutputUnchangedWithTheDeviceAsMessageGroupAndFailuresToTheErrorQueue() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.FIFO);
		JsonNode definition = Cfn
			.json(stack.properties(stack.only("AWS::StepFunctions::StateMachine")).path("DefinitionString").asString());
		String retry = """
				[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 5, "BackoffRate": 2,
				  "JitterStrategy": "FULL"}]""";
		assertThat(definition).isEqualTo(Cfn.json("""
				{"StartAt": "SendToIngestQueue", "TimeoutSeconds": 120, "States": {
				  "SendToIngestQueue": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:::sqs:sendMessage",
				    "Parameters": {"QueueUrl": "%s", "MessageBody.$": "States.JsonToString($)",
				                   "MessageGroupId.$": "$.clientId"},
				    "ResultPath": null, "End": true, "Retry": %s,
				    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.forwardingError",
				               "Next": "SendToRuleErrorQueue"}]},
				  "SendToRuleErrorQueue": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:::sqs:sendMessage",
				    "Parameters": {"QueueUrl": "%s", "MessageBody.$": "States.JsonToString($)"},
				    "ResultPath": null, "End": true, "Retry": %s}}}
				""".formatted(Cfn.ref(stack.queueNamed(PipelineNames.INGEST_FIFO_QUEUE)), retry,
				Cfn.ref(stack.queueNamed(PipelineNames.RULE_ERROR_QUEUE)), retry)));
	}

	@Test
	void theStandardVariantHasNoForwarder() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.STANDARD);
		assertThat(stack.resources("AWS::StepFunctions::StateMachine")).isEmpty();
	}

	private static String ruleRoleArn(SynthesizedStack stack) {
		return Cfn.attribute(stack.roleAssumedBy("Service", "iot.amazonaws.com"), "Arn");
	}

}
