package io.telemetrypipeline.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One variant's synthesised stack, as the build's {@link CdkSynth} wrote it: the
 * CloudFormation template, with lookups of its resources by what they are, and the
 * validation report that holds cdk-nag's findings. Fragments come rendered by
 * {@link Cfn}.
 */
final class SynthesizedStack {

	/** The stack's name, as bin/telemetry-pipeline.ts creates it. */
	static final String NAME = "TelemetryPipeline";

	private static final Map<Variant, SynthesizedStack> STACKS = new ConcurrentHashMap<>();

	private final Variant variant;

	private final Path assembly;

	private final JsonNode template;

	private SynthesizedStack(Variant variant, Path assembly) {
		this.variant = variant;
		this.assembly = assembly;
		this.template = readJson(assembly.resolve(NAME + ".template.json"));
	}

	/**
	 * The stack of a variant, read once. Skips the calling test with the reason when the
	 * build synthesised nothing (no node or npm), and fails it where a synthesis should
	 * have happened but its output is missing.
	 * @param variant the variant
	 * @return its stack
	 */
	static SynthesizedStack of(Variant variant) {
		return STACKS.computeIfAbsent(variant, SynthesizedStack::load);
	}

	private static SynthesizedStack load(Variant variant) {
		Path directory = synthDirectory();
		Path skipped = directory.resolve(CdkSynth.SKIPPED);
		if (Files.exists(skipped)) {
			String reason = read(skipped);
			if (CdkSynth.inCi()) {
				fail(reason + ". CI is set, so a missing tool fails the build instead of skipping the checks.");
			}
			Assumptions.abort(reason);
		}
		Path assembly = variant.assembly(directory);
		assertThat(assembly.resolve(NAME + ".template.json"))
			.as("the %s variant's template: run the build's pre-integration-test phase (CdkSynth) first", variant)
			.isRegularFile();
		return new SynthesizedStack(variant, assembly);
	}

	private static Path synthDirectory() {
		String configured = System.getProperty("aws-infrastructure.synth-directory");
		return (configured != null) ? Path.of(configured) : Path.of("target", "cdk-synth");
	}

	Variant variant() {
		return this.variant;
	}

	JsonNode template() {
		return this.template;
	}

	/**
	 * The validation report CDK wrote beside the template: every policy-validation
	 * plugin's findings (cdk-nag's AwsSolutions pack is one), acknowledged or not.
	 * @return the report
	 */
	JsonNode validationReport() {
		return readJson(this.assembly.resolve("validation-report.json"));
	}

	/**
	 * The resources of one type, by logical id, in template order.
	 * @param type e.g. {@code AWS::SQS::Queue}
	 * @return logical id to resource
	 */
	Map<String, JsonNode> resources(String type) {
		Map<String, JsonNode> found = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> resource : this.template.path("Resources").properties()) {
			if (type.equals(resource.getValue().path("Type").asString())) {
				found.put(resource.getKey(), resource.getValue());
			}
		}
		return found;
	}

	/**
	 * The only resource of a type.
	 * @param type its type
	 * @return its logical id
	 */
	String only(String type) {
		Map<String, JsonNode> found = resources(type);
		assertThat(found).as("resources of type %s in the %s variant", type, this.variant).hasSize(1);
		return found.keySet().iterator().next();
	}

	JsonNode resource(String logicalId) {
		JsonNode resource = this.template.path("Resources").path(logicalId);
		assertThat(resource.isObject()).as("resource %s in the %s variant", logicalId, this.variant).isTrue();
		return resource;
	}

	/** A resource's properties, intrinsic functions rendered as text. */
	JsonNode properties(String logicalId) {
		return Cfn.rendered(resource(logicalId).path("Properties"));
	}

	/**
	 * The queue of a name.
	 * @param name its {@code QueueName}
	 * @return its logical id
	 */
	String queueNamed(String name) {
		List<String> named = resources("AWS::SQS::Queue").entrySet()
			.stream()
			.filter((queue) -> name.equals(queue.getValue().path("Properties").path("QueueName").asString()))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(named).as("queues named %s in the %s variant", name, this.variant).hasSize(1);
		return named.get(0);
	}

	/**
	 * The role a principal may assume.
	 * @param principalType {@code Service} or {@code Federated}
	 * @param principal e.g. {@code iot.amazonaws.com}, rendered as text
	 * @return the role's logical id
	 */
	String roleAssumedBy(String principalType, String principal) {
		List<String> roles = resources("AWS::IAM::Role").entrySet()
			.stream()
			.filter((role) -> Cfn.rendered(role.getValue().path("Properties").path("AssumeRolePolicyDocument"))
				.path("Statement")
				.valueStream()
				.anyMatch((statement) -> principal.equals(statement.path("Principal").path(principalType).asString())))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(roles).as("roles %s %s may assume in the %s variant", principalType, principal, this.variant)
			.hasSize(1);
		return roles.get(0);
	}

	/**
	 * Every statement a role is granted: its inline policies and every
	 * {@code AWS::IAM::Policy} attached to it, rendered.
	 * @param role the role's logical id
	 * @return the statements
	 */
	List<JsonNode> permissionsOf(String role) {
		List<JsonNode> statements = new ArrayList<>();
		properties(role).path("Policies")
			.valueStream()
			.forEach(
					(policy) -> policy.path("PolicyDocument").path("Statement").valueStream().forEach(statements::add));
		for (String policy : resources("AWS::IAM::Policy").keySet()) {
			JsonNode properties = properties(policy);
			boolean attached = properties.path("Roles")
				.valueStream()
				.anyMatch((attachedRole) -> Cfn.ref(role).equals(attachedRole.asString()));
			if (attached) {
				properties.path("PolicyDocument").path("Statement").valueStream().forEach(statements::add);
			}
		}
		return statements;
	}

	/**
	 * What a role may do, one line per action and resource, whatever statements CDK
	 * grouped them in: {@code Allow sqs:SendMessage on ${Queue.Arn}}, with {@code when
	 * {condition}} where a statement has a condition.
	 * @param role the role's logical id
	 * @return the grants
	 */
	List<String> grantsOf(String role) {
		List<String> grants = new ArrayList<>();
		for (JsonNode statement : permissionsOf(role)) {
			String condition = statement.has("Condition") ? " when " + statement.get("Condition") : "";
			for (String action : Cfn.strings(statement.path("Action"))) {
				for (String resource : Cfn.strings(statement.path("Resource"))) {
					grants.add(statement.path("Effect").asString() + " " + action + " on " + resource + condition);
				}
			}
		}
		return grants;
	}

	/**
	 * Every policy document in the template, wherever it is: trust policies, inline and
	 * attached IAM policies, IoT policies, queue policies, key policies.
	 * @return where each is (logical id and property) to the document, rendered
	 */
	Map<String, JsonNode> policyDocuments() {
		Map<String, JsonNode> documents = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> resource : this.template.path("Resources").properties()) {
			collectPolicyDocuments(resource.getKey(), resource.getValue().path("Properties"), documents);
		}
		return documents;
	}

	private static void collectPolicyDocuments(String where, JsonNode node, Map<String, JsonNode> documents) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				String path = where + "." + property.getKey();
				if (List.of("PolicyDocument", "AssumeRolePolicyDocument", "KeyPolicy").contains(property.getKey())) {
					documents.put(path, Cfn.rendered(property.getValue()));
				}
				else {
					collectPolicyDocuments(path, property.getValue(), documents);
				}
			}
		}
		else if (node.isArray()) {
			for (int index = 0; index < node.size(); index++) {
				collectPolicyDocuments(where + "[" + index + "]", node.get(index), documents);
			}
		}
	}

	/**
	 * The stack's outputs, each value rendered.
	 * @return output name to value
	 */
	Map<String, String> outputs() {
		Map<String, String> outputs = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> output : this.template.path("Outputs").properties()) {
			outputs.put(output.getKey(), Cfn.text(output.getValue().path("Value")));
		}
		return outputs;
	}

	private static JsonNode readJson(Path file) {
		return Cfn.json(read(file));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
