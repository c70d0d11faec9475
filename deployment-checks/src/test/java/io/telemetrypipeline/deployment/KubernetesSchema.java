package io.telemetrypipeline.deployment;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict validation of rendered Kubernetes objects, offline: the built-in kinds against
 * the Kubernetes API's own schema (the generated models of the official Java client,
 * which reject unknown fields and missing required ones), and the custom resources the
 * manifests use (KEDA, Prometheus Operator) against small models of their CRDs that fail
 * on any unknown property or wrong type.
 */
final class KubernetesSchema {

	private static final Gson GSON = new Gson();

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.withCoercionConfigDefaults((config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.withCoercionConfig(LogicalType.Integer,
				(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
		.build();

	private static final Map<String, Validator> BUILT_IN = Map.ofEntries(
			Map.entry("v1/Namespace", V1Namespace::validateJsonElement),
			Map.entry("v1/ConfigMap", V1ConfigMap::validateJsonElement),
			Map.entry("v1/Secret", V1Secret::validateJsonElement),
			Map.entry("v1/Service", V1Service::validateJsonElement),
			Map.entry("v1/ServiceAccount", V1ServiceAccount::validateJsonElement),
			Map.entry("apps/v1/Deployment", V1Deployment::validateJsonElement),
			Map.entry("apps/v1/StatefulSet", V1StatefulSet::validateJsonElement),
			Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::validateJsonElement),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::validateJsonElement));

	private static final Map<String, Class<?>> CUSTOM = Map.of("keda.sh/v1alpha1/ScaledObject", ScaledObject.class,
			"keda.sh/v1alpha1/TriggerAuthentication", TriggerAuthentication.class,
			"monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class, "monitoring.coreos.com/v1/PrometheusRule",
			PrometheusRule.class);

	private KubernetesSchema() {
	}

	/**
	 * Validates one object.
	 * @param object the object as parsed from YAML
	 * @throws IllegalArgumentException naming the first violation
	 */
	static void validate(Map<String, Object> object) {
		String type = object.get("apiVersion") + "/" + object.get("kind");
		JsonElement json = GSON.toJsonTree(object);
		Validator builtIn = BUILT_IN.get(type);
		if (builtIn != null) {
			try {
				builtIn.validate(json);
			}
			catch (IOException ex) {
				throw new IllegalArgumentException(type + ": " + ex.getMessage(), ex);
			}
			return;
		}
		Class<?> custom = CUSTOM.get(type);
		if (custom == null) {
			throw new IllegalArgumentException("No schema for " + type + ": add one to " + KubernetesSchema.class);
		}
		try {
			V1ObjectMeta.validateJsonElement(json.getAsJsonObject().get("metadata"));
			STRICT.readValue(GSON.toJson(json), custom);
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new IllegalArgumentException(type + ": " + ex.getOriginalMessage(), ex);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(type + ": " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	interface Validator {

		void validate(JsonElement json) throws IOException;

	}

	record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
	}

	// KEDA 2.x, keda.sh/v1alpha1
	record ScaledObject(String apiVersion, String kind, Metadata metadata, ScaledObjectSpec spec) {
	}

	record ScaledObjectSpec(ScaleTarget scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
			Integer idleReplicaCount, Integer minReplicaCount, Integer maxReplicaCount, Map<String, Object> advanced,
			Map<String, Object> fallback, List<ScaleTrigger> triggers) {
	}

	record ScaleTarget(String apiVersion, String kind, String name, String envSourceContainerName) {
	}

	record ScaleTrigger(String type, String name, Boolean useCachedMetrics, String metricType,
			Map<String, String> metadata, AuthenticationRef authenticationRef) {
	}

	record AuthenticationRef(String name, String kind) {
	}

	record TriggerAuthentication(String apiVersion, String kind, Metadata metadata, TriggerAuthenticationSpec spec) {
	}

	record TriggerAuthenticationSpec(PodIdentity podIdentity, List<SecretTargetRef> secretTargetRef,
			List<Map<String, String>> env) {
	}

	record PodIdentity(String provider, String identityOwner, String roleArn, String identityId) {
	}

	record SecretTargetRef(String parameter, String name, String key) {
	}

	// Prometheus Operator, monitoring.coreos.com/v1
	record ServiceMonitor(String apiVersion, String kind, Metadata metadata, ServiceMonitorSpec spec) {
	}

	record ServiceMonitorSpec(String jobLabel, LabelSelector selector, Map<String, Object> namespaceSelector,
			List<Endpoint> endpoints) {
	}

	record LabelSelector(Map<String, String> matchLabels, List<Map<String, Object>> matchExpressions) {
	}

	record Endpoint(String port, String path, String scheme, String interval, String scrapeTimeout, Boolean honorLabels,
			List<Map<String, Object>> relabelings, List<Map<String, Object>> metricRelabelings) {
	}

	record PrometheusRule(String apiVersion, String kind, Metadata metadata, PrometheusRuleSpec spec) {
	}

	record PrometheusRuleSpec(List<RuleGroup> groups) {
	}

	record RuleGroup(String name, String interval, List<Rule> rules) {
	}

	record Rule(String alert, String record, String expr, String keep_firing_for, Map<String, String> labels,
			Map<String, String> annotations, @JsonProperty("for") String forDuration) {
	}

}
