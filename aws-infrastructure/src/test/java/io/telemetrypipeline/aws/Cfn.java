package io.telemetrypipeline.aws;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * CloudFormation template fragments as text: intrinsic functions rendered ({@code Ref} as
 * <code>${Id}</code>, {@code Fn::GetAtt} as <code>${Id.Attribute}</code>,
 * {@code Fn::Join} joined), so that an assertion reads like the ARN or URL it stands for,
 * e.g. <code>arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:rule/...</code>.
 */
final class Cfn {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private Cfn() {
	}

	/** <code>${logicalId}</code>: a {@code Ref}. */
	static String ref(String logicalId) {
		return "${" + logicalId + "}";
	}

	/** <code>${logicalId.attribute}</code>: an {@code Fn::GetAtt}. */
	static String attribute(String logicalId, String attribute) {
		return "${" + logicalId + "." + attribute + "}";
	}

	/** An ARN in this account and region, as CDK's formatArn writes it. */
	static String arn(String service, String resource) {
		return "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource;
	}

	/**
	 * A copy of a template fragment with every intrinsic function rendered as text, and
	 * the lists of actions and resources of policy statements sorted, so that two
	 * fragments compare equal whatever order CDK wrote them in.
	 * @param node the fragment
	 * @return the rendered copy
	 */
	static JsonNode rendered(JsonNode node) {
		if (isIntrinsic(node)) {
			return JsonNodeFactory.instance.stringNode(text(node));
		}
		if (node.isObject()) {
			ObjectNode copy = JsonNodeFactory.instance.objectNode();
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				JsonNode value = rendered(property.getValue());
				boolean sortable = List.of("Action", "NotAction", "Resource", "NotResource").contains(property.getKey())
						&& value.isArray() && value.valueStream().allMatch(JsonNode::isString);
				copy.set(property.getKey(), sortable ? sorted(value) : value);
			}
			return copy;
		}
		if (node.isArray()) {
			ArrayNode copy = JsonNodeFactory.instance.arrayNode();
			node.valueStream().map(Cfn::rendered).forEach(copy::add);
			return copy;
		}
		return node;
	}

	/**
	 * A string, or an intrinsic function rendered as text.
	 * @param node the value
	 * @return its text
	 */
	static String text(JsonNode node) {
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.has("Ref")) {
			return ref(node.get("Ref").stringValue());
		}
		if (node.has("Fn::GetAtt")) {
			JsonNode target = node.get("Fn::GetAtt");
			return attribute(target.get(0).stringValue(), target.get(1).stringValue());
		}
		if (node.has("Fn::Join")) {
			JsonNode join = node.get("Fn::Join");
			List<String> parts = join.get(1).valueStream().map(Cfn::text).toList();
			return String.join(join.get(0).stringValue(), parts);
		}
		throw new IllegalArgumentException("Cannot render as text: " + node);
	}

	/**
	 * JSON text as a tree, to compare with a rendered fragment.
	 * @param text the JSON
	 * @return the tree
	 */
	static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	private static boolean isIntrinsic(JsonNode node) {
		if (!node.isObject() || node.size() != 1) {
			return false;
		}
		String name = node.propertyNames().iterator().next();
		return name.equals("Ref") || name.startsWith("Fn::");
	}

	private static JsonNode sorted(JsonNode strings) {
		ArrayNode copy = JsonNodeFactory.instance.arrayNode();
		strings.valueStream().map(JsonNode::stringValue).sorted().forEach(copy::add);
		return copy;
	}

	/**
	 * A string or a list of strings, as policy statements hold actions and resources.
	 * @param node the value
	 * @return its strings, none for a missing value
	 */
	static List<String> strings(JsonNode node) {
		if (node.isMissingNode()) {
			return List.of();
		}
		return node.isArray() ? node.valueStream().map(JsonNode::asString).toList() : List.of(node.asString());
	}

}
