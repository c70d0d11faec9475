package io.telemetrypipeline.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.aws.ServiceSettings.ServiceAccount;
import io.telemetrypipeline.model.PipelineNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, in both variants: the device policy, each role's trust policy and its
 * exact permissions, and no wildcard action or resource anywhere.
 */
class AccessPoliciesIntegrationTests {

	@ParameterizedTest
	@EnumSource
	void aDeviceMayConnectOnlyAsItsAttachedThingAndPublishOnlyToItsOwnTelemetryTopic(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		JsonNode policy = stack.properties(stack.only("AWS::IoT::Policy"));
		assertThat(policy.path("PolicyName").asString()).isEqualTo("telemetry-device");
		String ownTopic = PipelineNames.DEVICE_TELEMETRY_TOPIC_FILTER.replace("+", "${iot:Connection.Thing.ThingName}");
		assertThat(policy.path("PolicyDocument")).isEqualTo(Cfn.json("""
				{"Version": "2012-10-17", "Statement": [
				  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "%s",
				   "Condition": {"Bool": {"iot:Connection.Thing.IsAttached": "true"}}},
				  {"Effect": "Allow", "Action": "iot:Publish", "Resource": "%s"}]}
				""".formatted(Cfn.arn("iot", "client/${iot:Connection.Thing.ThingName}"),
				Cfn.arn("iot", "topic/" + ownTopic))));
	}

	@ParameterizedTest
	@EnumSource
	void onlyThisAccountsTelemetryRuleMayAssumeTheRulesRole(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		String role = stack.roleAssumedBy("Service", "iot.amazonaws.com");
		assertThat(stack.properties(role).path("AssumeRolePolicyDocument")).isEqualTo(Cfn.json("""
				{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
				  "Principal": {"Service": "iot.amazonaws.com"},
				  "Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"},
				                "ArnEquals": {"aws:SourceArn": "%s"}}}]}
				""".formatted(Cfn.arn("iot", "rule/" + TelemetryRuleIntegrationTests.RULE_NAME))));
	}

	@Test
	void theRulesRoleMayOnlySendToTheIngestQueueAndTheRuleErrorQueue() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.STANDARD);
		String role = stack.roleAssumedBy("Service", "iot.amazonaws.com");
		assertThat(stack.grantsOf(role)).containsExactlyInAnyOrder(
				"Allow sqs:SendMessage on " + queueArn(stack, PipelineNames.INGEST_QUEUE),
				"Allow sqs:SendMessage on " + queueArn(stack, PipelineNames.RULE_ERROR_QUEUE));
	}

	@Test
	void inTheFifoVariantTheRulesRoleMayOnlyStartTheForwarderAndSendToTheRuleErrorQueue() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.FIFO);
		String role = stack.roleAssumedBy("Service", "iot.amazonaws.com");
		assertThat(stack.grantsOf(role)).containsExactlyInAnyOrder(
				"Allow states:StartExecution on " + Cfn.ref(stack.only("AWS::StepFunctions::StateMachine")),
				"Allow sqs:SendMessage on " + queueArn(stack, PipelineNames.RULE_ERROR_QUEUE));
	}

	@Test
	void onlyTheForwarderMayAssumeItsRoleWhichMayOnlySendToTheFifoQueueAndTheRuleErrorQueue() {
		SynthesizedStack stack = SynthesizedStack.of(Variant.FIFO);
		String role = stack.roleAssumedBy("Service", "states.amazonaws.com");
		assertThat(stack.properties(role).path("AssumeRolePolicyDocument")).isEqualTo(Cfn.json("""
				{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
				  "Principal": {"Service": "states.amazonaws.com"},
				  "Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"},
				                "ArnEquals": {"aws:SourceArn": "%s"}}}]}
				""".formatted(Cfn.arn("states", "stateMachine:telemetry-ingest-fifo-forwarder"))));
		assertThat(stack.grantsOf(role)).containsExactlyInAnyOrder(
				"Allow sqs:SendMessage on " + queueArn(stack, PipelineNames.INGEST_FIFO_QUEUE),
				"Allow sqs:SendMessage on " + queueArn(stack, PipelineNames.RULE_ERROR_QUEUE));
	}

	@ParameterizedTest
	@EnumSource
	void onlyIngestServicesServiceAccountMayAssumeItsRoleThroughTheClustersOidcProvider(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		String issuer = ServiceSettings.eksOidcIssuer();
		ServiceAccount serviceAccount = ServiceSettings.ingestServiceAccount();
		String role = stack.roleAssumedBy("Federated",
				"arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/" + issuer);
		JsonNode properties = stack.properties(role);
		assertThat(properties.path("RoleName").asString()).isEqualTo("telemetry-ingest-service");
		assertThat(properties.path("AssumeRolePolicyDocument")).isEqualTo(Cfn.json("""
				{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
				  "Principal": {"Federated": "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/%1$s"},
				  "Condition": {"StringEquals": {"%1$s:sub": "%2$s", "%1$s:aud": "sts.amazonaws.com"}}}]}
				""".formatted(issuer, serviceAccount.subject())));
	}

	@ParameterizedTest
	@EnumSource
	void ingestServicesRoleMayOnlyConsumeTheIngestQueue(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		String role = stack.roleAssumedBy("Federated",
				"arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/" + ServiceSettings.eksOidcIssuer());
		String ingestQueue = Cfn.attribute(IngestQueuesIntegrationTests.ingestQueue(stack), "Arn");
		assertThat(stack.grantsOf(role)).containsExactlyInAnyOrder("Allow sqs:ReceiveMessage on " + ingestQueue,
				"Allow sqs:DeleteMessage on " + ingestQueue, "Allow sqs:ChangeMessageVisibility on " + ingestQueue,
				"Allow sqs:GetQueueAttributes on " + ingestQueue, "Allow sqs:GetQueueUrl on " + ingestQueue);
	}

	@ParameterizedTest
	@EnumSource
	void theStackHasNoOtherRoleNoManagedPolicyAndNoUser(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		assertThat(stack.resources("AWS::IAM::Role")).hasSize((variant == Variant.FIFO) ? 3 : 2);
		assertThat(stack.resources("AWS::IAM::Role").keySet())
			.allSatisfy((role) -> assertThat(stack.properties(role).has("ManagedPolicyArns")).isFalse());
		for (String type : List.of("AWS::IAM::ManagedPolicy", "AWS::IAM::User", "AWS::IAM::Group",
				"AWS::IAM::AccessKey", "AWS::IAM::InstanceProfile")) {
			assertThat(stack.resources(type)).as(type).isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource
	void noPolicyAllowsAWildcardActionOrResourceAndOnlyTheTlsDenyNamesAllSqsActions(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		Map<String, JsonNode> documents = stack.policyDocuments();
		assertThat(documents.keySet()).anyMatch((where) -> where.endsWith(".AssumeRolePolicyDocument"))
			.anyMatch((where) -> where.contains(".Policies["))
			.anyMatch((where) -> stack.resources("AWS::IoT::Policy").containsKey(where.split("\\.")[0]))
			.anyMatch((where) -> stack.resources("AWS::SQS::QueuePolicy").containsKey(where.split("\\.")[0]));
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, JsonNode> document : documents.entrySet()) {
			document.getValue()
				.path("Statement")
				.valueStream()
				.forEach((statement) -> problems.addAll(wildcards(document.getKey(), statement)));
		}
		assertThat(problems).isEmpty();
	}

	private static List<String> wildcards(String where, JsonNode statement) {
		List<String> problems = new ArrayList<>();
		for (String negated : List.of("NotAction", "NotResource", "NotPrincipal")) {
			if (statement.has(negated)) {
				problems.add(where + ": " + negated + " grants everything else: " + statement);
			}
		}
		if (Cfn.strings(statement.path("Resource")).stream().anyMatch((resource) -> resource.contains("*"))) {
			problems.add(where + ": a wildcard resource: " + statement);
		}
		boolean wildcardAction = Cfn.strings(statement.path("Action"))
			.stream()
			.anyMatch((action) -> action.contains("*"));
		if (wildcardAction && !isTlsDeny(statement)) {
			problems.add(where + ": a wildcard action: " + statement);
		}
		if ("Allow".equals(statement.path("Effect").asString())
				&& statement.path("Principal").toString().contains("\"*\"")) {
			problems.add(where + ": allows anyone: " + statement);
		}
		return problems;
	}

	/**
	 * The one statement that names every SQS action: it denies them all to everyone over
	 * plain HTTP. cdk-nag (AwsSolutions-SQS4) recognises only this form, and only
	 * {@code sqs:*} covers every action SQS has or will have.
	 */
	private static boolean isTlsDeny(JsonNode statement) {
		return "Deny".equals(statement.path("Effect").asString())
				&& statement.path("Action").equals(Cfn.json("\"sqs:*\""))
				&& statement.path("Principal").equals(Cfn.json("{\"AWS\": \"*\"}"))
				&& statement.path("Condition").equals(Cfn.json("{\"Bool\": {\"aws:SecureTransport\": \"false\"}}"))
				&& statement.path("Resource").asString().matches("\\$\\{\\w+\\.Arn}");
	}

	private static String queueArn(SynthesizedStack stack, String name) {
		return Cfn.attribute(stack.queueNamed(name), "Arn");
	}

}
