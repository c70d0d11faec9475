package io.telemetrypipeline.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cdk-nag's AwsSolutions pack checked every resource of both variants at synthesis: no
 * finding is left open, and each acknowledged one is exactly one of those listed here,
 * with its reason in the code. cdk-nag 3 runs as a CDK policy-validation plugin; CDK
 * writes its findings into the cloud assembly's {@code validation-report.json}, the
 * acknowledged ones as {@code suppressedViolations} with their reasons, and cdk-nag
 * writes each acknowledgement into the template's {@code cdk_nag} metadata.
 */
class NagFindingsIntegrationTests {

	private static final String RULE_ERROR_QUEUE = "TelemetryPipeline/Queues/RuleErrorQueue/Resource";

	private static final String FORWARDER = "TelemetryPipeline/TelemetryRule/FifoForwarder/StateMachine/Resource";

	@ParameterizedTest
	@EnumSource
	void cdkNagLeftNoFindingOpen(Variant variant) {
		JsonNode report = SynthesizedStack.of(variant).validationReport();
		assertThat(report.path("title").asString()).isEqualTo("Validation Report");
		assertThat(report.path("pluginReports").valueStream().toList()).allSatisfy((plugin) -> {
			assertThat(plugin.path("conclusion").asString()).as(plugin.path("pluginName").asString())
				.isEqualTo("success");
			assertThat(plugin.path("violations").valueStream().toList()).as(plugin.path("pluginName").asString())
				.isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource
	void cdkNagRanAndFoundOnlyTheAcknowledgedFindingsEachWithItsReason(Variant variant) {
		JsonNode report = SynthesizedStack.of(variant).validationReport();
		List<JsonNode> awsSolutions = report.path("pluginReports")
			.valueStream()
			.filter((plugin) -> "AwsSolutions".equals(plugin.path("pluginName").asString()))
			.toList();
		assertThat(awsSolutions).as("the AwsSolutions pack's report, which lists its acknowledged findings").hasSize(1);
		Map<String, String> acknowledged = reasonsByFinding(awsSolutions.get(0));
		List<String> expected = new ArrayList<>(List.of("AwsSolutions-SQS3 on " + RULE_ERROR_QUEUE));
		if (variant == Variant.FIFO) {
			expected.addAll(List.of("AwsSolutions-SF1 on " + FORWARDER, "AwsSolutions-SF2 on " + FORWARDER));
		}
		assertThat(acknowledged.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(acknowledged.values())
			.allSatisfy((reason) -> assertThat(reason).isNotBlank().hasSizeGreaterThan(40));
	}

	@ParameterizedTest
	@EnumSource
	void everyAcknowledgementInTheTemplateMatchesAFindingAndItsReason(Variant variant) {
		SynthesizedStack stack = SynthesizedStack.of(variant);
		Map<String, String> inTemplate = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> resource : stack.template().path("Resources").properties()) {
			JsonNode metadata = resource.getValue().path("Metadata");
			metadata.path("cdk_nag").path("rules_to_suppress").valueStream().forEach((rule) -> {
				String ruleName = rule.path("id").asString().replaceFirst("^AwsSolutions::", "");
				inTemplate.put(ruleName + " on " + metadata.path("aws:cdk:path").asString(),
						rule.path("reason").asString());
			});
		}
		Map<String, String> inReport = new LinkedHashMap<>();
		stack.validationReport()
			.path("pluginReports")
			.valueStream()
			.forEach((plugin) -> inReport.putAll(reasonsByFinding(plugin)));
		assertThat(inTemplate).isNotEmpty().isEqualTo(inReport);
	}

	/**
	 * A plugin's acknowledged findings, one per rule and construct.
	 * @param plugin the plugin's report
	 * @return {@code <rule> on <construct path>} to the acknowledgement's reason
	 */
	private static Map<String, String> reasonsByFinding(JsonNode plugin) {
		Map<String, String> reasons = new LinkedHashMap<>();
		for (JsonNode finding : plugin.path("suppressedViolations").valueStream().toList()) {
			for (JsonNode construct : finding.path("violatingConstructs").valueStream().toList()) {
				reasons.put(finding.path("ruleName").asString() + " on " + construct.path("constructPath").asString(),
						finding.path("reason").asString());
			}
		}
		return reasons;
	}

}
