package io.telemetrypipeline.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every kustomize overlay renders with {@code kubectl kustomize}, every rendered object
 * validates strictly against the Kubernetes API schema (or its CRD's), and the objects
 * fit together: probes on the Actuator port and groups the services really serve, the
 * restricted Pod Security Standard, network policies that let the traffic through from
 * where it may come only, autoscalers capped at the partition count, secrets referenced
 * but never inlined, every patch applied, and the same alert rules and dashboards as
 * docker compose uses.
 */
class KubernetesManifestsIntegrationTests {

	static final Map<String, Integer> SERVICES = Map.of("ingest-service", 8081, "persistence-service", 8082);

	static final Map<String, Integer> MANAGEMENT_PORTS = Map.of("ingest-service", 8181, "persistence-service", 8182);

	static final Map<String, String> FROM_INGRESS_CONTROLLER = Map.of("kubernetes.io/metadata.name", "ingress-nginx");

	static final Map<String, String> FROM_MONITORING = Map.of("kubernetes.io/metadata.name", "monitoring");

	static final Map<String, Manifests> rendered = new HashMap<>();

	@BeforeAll
	static void render() {
		rendered.put("k8s/base", Manifests.render("k8s/base"));
		Manifests.OVERLAYS.forEach((overlay) -> rendered.put(overlay, Manifests.render(overlay)));
	}

	static Stream<String> kustomizations() {
		return Stream.concat(Stream.of("k8s/base"), Manifests.OVERLAYS.stream());
	}

	static Stream<String> overlays() {
		return Manifests.OVERLAYS.stream();
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void everyObjectValidatesStrictlyAgainstItsSchema(String kustomization) {
		Manifests manifests = rendered.get(kustomization);
		assertThat(manifests.objects()).hasSizeGreaterThan(10).allSatisfy((object) -> {
			KubernetesSchema.validate(object);
			if (!"Namespace".equals(object.get("kind"))) {
				assertThat(Repository.<String>at(object, "metadata", "namespace")).as("namespace of %s", object)
					.isEqualTo("telemetry");
			}
		});
	}

	@Test
	void schemaValidationRejectsUnknownFieldsAndWrongTypes() {
		Manifests local = rendered.get("k8s/overlays/local");
		Map<String, Object> deployment = deepCopy(local.get("Deployment", "ingest-service"));
		List<Map<String, Object>> containers = Repository.at(deployment, "spec", "template", "spec", "containers");
		Map<String, Object> httpGet = Repository.at(containers.get(0), "readinessProbe", "httpGet");
		httpGet.put("pth", httpGet.remove("path"));
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesSchema.validate(deployment))
			.withMessageContaining("pth");

		Manifests production = rendered.get("k8s/overlays/production");
		Map<String, Object> scaledObject = deepCopy(production.get("ScaledObject", "persistence-service"));
		Map<String, Object> spec = Repository.at(scaledObject, "spec");
		spec.put("maxReplicas", 6);
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesSchema.validate(scaledObject))
			.withMessageContaining("maxReplicas");
		spec.remove("maxReplicas");
		spec.put("maxReplicaCount", "six");
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesSchema.validate(scaledObject));
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void servicesAreProbedOnTheirActuatorGroupsAndPorts(String overlay) {
		Manifests manifests = rendered.get(overlay);
		SERVICES.forEach((service, servicePortNumber) -> {
			Map<String, Object> container = manifests.container(service);
			assertThat(manifests.containerPort(service, "http")).isEqualTo(servicePortNumber);
			int port = MANAGEMENT_PORTS.get(service);
			assertThat(port).isEqualTo(ContainerImagesIntegrationTests.managementPort(service));
			assertThat(manifests.containerPort(service, "management")).isEqualTo(port);
			Map<String, String> probes = Map.of("startupProbe", "/actuator/health/liveness", "livenessProbe",
					"/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
			probes.forEach((probe, path) -> {
				assertThat(Repository.<String>at(container, probe, "httpGet", "path")).as(probe).isEqualTo(path);
				assertThat(manifests.containerPort(service, Repository.at(container, probe, "httpGet", "port")))
					.as(probe)
					.isEqualTo(port);
			});
			Map<String, Object> servicePort = Repository
				.<List<Map<String, Object>>>at(manifests.get("Service", service), "spec", "ports")
				.get(0);
			assertThat(manifests.containerPort(service, servicePort.get("targetPort"))).isEqualTo(servicePortNumber);
			assertThat(Repository.<Map<String, String>>at(manifests.get("Service", service), "spec", "selector"))
				.containsEntry("app.kubernetes.io/name", service);
			for (String resource : List.of("cpu", "memory")) {
				assertThat(Repository.<Object>at(container, "resources", "requests", resource)).isNotNull();
				assertThat(Repository.<Object>at(container, "resources", "limits", resource)).isNotNull();
			}
			Map<String, Object> pod = Repository.at(manifests.get("Deployment", service), "spec", "template", "spec");
			assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThan(35);
			assertThat(Repository.<List<?>>at(pod, "topologySpreadConstraints")).hasSize(2);
			assertThat(Repository.<Map<String, Object>>at(manifests.get("PodDisruptionBudget", service), "spec",
					"selector", "matchLabels"))
				.containsEntry("app.kubernetes.io/name", service);
		});
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everyPodMeetsTheRestrictedPodSecurityStandard(String overlay) {
		Manifests manifests = rendered.get(overlay);
		assertThat(Repository.<String>at(manifests.get("Namespace", "telemetry"), "metadata", "labels",
				"pod-security.kubernetes.io/enforce"))
			.isEqualTo("restricted");
		List<Map<String, Object>> workloads = new ArrayList<>(manifests.ofKind("Deployment"));
		workloads.addAll(manifests.ofKind("StatefulSet"));
		assertThat(workloads).hasSizeGreaterThanOrEqualTo(2).allSatisfy((workload) -> {
			Map<String, Object> pod = Repository.at(workload, "spec", "template", "spec");
			assertThat(Repository.<Boolean>at(pod, "securityContext", "runAsNonRoot")).isTrue();
			assertThat(Repository.<String>at(pod, "securityContext", "seccompProfile", "type"))
				.isEqualTo("RuntimeDefault");
			assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
			List<Map<String, Object>> containers = Repository.at(pod, "containers");
			assertThat(containers).allSatisfy((container) -> {
				assertThat(Repository.<Boolean>at(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
				assertThat(Repository.<List<String>>at(container, "securityContext", "capabilities", "drop"))
					.containsExactly("ALL");
				assertThat(Repository.<Object>at(container, "securityContext", "privileged")).isNotEqualTo(true);
			});
		});
		SERVICES.keySet()
			.forEach((service) -> assertThat(
					Repository.<Boolean>at(manifests.container(service), "securityContext", "readOnlyRootFilesystem"))
				.isTrue());
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void networkPoliciesDenyByDefaultAndLetTheServicesWork(String overlay) {
		Manifests manifests = rendered.get(overlay);
		assertThat(Repository.<Map<String, Object>>at(manifests.get("NetworkPolicy", "default-deny"), "spec",
				"podSelector"))
			.isEmpty();
		SERVICES.forEach((service, port) -> {
			assertThat(policiesFor(manifests, service, "ingress")).as("ingress to %s", service)
				.contains(MANAGEMENT_PORTS.get(service));
			List<Integer> egress = policiesFor(manifests, service, "egress");
			assertThat(egress).as("egress of %s", service).contains(53, 9092);
			assertThat(egress).contains(
					"ingest-service".equals(service) ? ("k8s/overlays/local".equals(overlay) ? 9324 : 443) : 27017);
		});
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void theApiIsOpenToTheIngressControllerAndActuatorToMonitoringOnly(String overlay) {
		Manifests manifests = rendered.get(overlay);
		Map<Integer, List<Map<String, Object>>> persistence = ingressSources(manifests, "persistence-service");
		assertThat(persistence).containsOnlyKeys(8082, 8182);
		assertThat(persistence.get(8082))
			.containsExactly(Map.of("namespaceSelector", Map.of("matchLabels", FROM_INGRESS_CONTROLLER)));
		assertThat(persistence.get(8182))
			.containsExactly(Map.of("namespaceSelector", Map.of("matchLabels", FROM_MONITORING)));
		Map<Integer, List<Map<String, Object>>> ingest = ingressSources(manifests, "ingest-service");
		assertThat(ingest).containsOnlyKeys(8181);
		assertThat(ingest.get(8181))
			.containsExactly(Map.of("namespaceSelector", Map.of("matchLabels", FROM_MONITORING)));
	}

	/**
	 * Port to the sources allowed in, over every ingress rule that selects the service.
	 */
	@SuppressWarnings("unchecked")
	private static Map<Integer, List<Map<String, Object>>> ingressSources(Manifests manifests, String service) {
		Map<Integer, List<Map<String, Object>>> sources = new HashMap<>();
		for (Map<String, Object> policy : manifests.ofKind("NetworkPolicy")) {
			Map<String, String> selector = Objects
				.requireNonNullElse(Repository.at(policy, "spec", "podSelector", "matchLabels"), Map.of());
			if (!selector.isEmpty() && !service.equals(selector.get("app.kubernetes.io/name"))) {
				continue;
			}
			for (Map<String, Object> rule : Objects.requireNonNullElse(
					Repository.<List<Map<String, Object>>>at(policy, "spec", "ingress"),
					List.<Map<String, Object>>of())) {
				List<Map<String, Object>> from = (List<Map<String, Object>>) rule.get("from");
				assertThat(from).as("an ingress rule of %s without 'from' lets anyone in", service).isNotEmpty();
				for (Map<String, Object> port : (List<Map<String, Object>>) rule.getOrDefault("ports", List.of())) {
					sources.computeIfAbsent((Integer) port.get("port"), (key) -> new ArrayList<>()).addAll(from);
				}
			}
		}
		return sources;
	}

	@SuppressWarnings("unchecked")
	private static List<Integer> policiesFor(Manifests manifests, String service, String direction) {
		List<Integer> ports = new ArrayList<>();
		for (Map<String, Object> policy : manifests.ofKind("NetworkPolicy")) {
			Map<String, String> selector = Objects
				.requireNonNullElse(Repository.at(policy, "spec", "podSelector", "matchLabels"), Map.of());
			if (!selector.isEmpty() && !service.equals(selector.get("app.kubernetes.io/name"))) {
				continue;
			}
			List<Map<String, Object>> rules = Objects.requireNonNullElse(Repository.at(policy, "spec", direction),
					List.of());
			for (Map<String, Object> rule : rules) {
				for (Map<String, Object> port : (List<Map<String, Object>>) rule.getOrDefault("ports", List.of())) {
					ports.add((Integer) port.get("port"));
				}
			}
		}
		return ports;
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void autoscalingIsCappedAtThePartitionCount(String overlay) {
		Manifests manifests = rendered.get(overlay);
		Map<String, Object> persistenceConfig = Repository
			.yaml("persistence-service/src/main/resources/application.yml");
		int partitions = Integer.parseInt(TopicsProperties.DEFAULT_PARTITIONS);
		assertThat(manifests.environment("persistence-service")).containsEntry("SPRING_KAFKA_LISTENER_CONCURRENCY",
				"1");
		if (!manifests.ofKind("ScaledObject").isEmpty()) {
			assertThat(manifests.ofKind("HorizontalPodAutoscaler")).as("KEDA or HPA, not both").isEmpty();
			Map<String, Object> persistence = manifests.get("ScaledObject", "persistence-service");
			assertThat(Repository.<Integer>at(persistence, "spec", "maxReplicaCount")).isEqualTo(partitions);
			Map<String, String> kafka = triggerMetadata(persistence);
			assertThat(kafka).containsEntry("topic", TopicsProperties.EVENTS)
				.containsEntry("consumerGroup",
						Repository.at(persistenceConfig, "spring", "kafka", "consumer", "group-id"))
				.containsEntry("allowIdleConsumers", "false")
				.containsEntry("bootstrapServers",
						manifests.environment("persistence-service").get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
			Map<String, Object> ingest = manifests.get("ScaledObject", "ingest-service");
			String queueUrl = triggerMetadata(ingest).get("queueURL");
			assertThat(queueUrl).endsWith("/" + manifests.environment("ingest-service").get("TELEMETRY_INGEST_QUEUE"));
		}
		else {
			assertThat(Repository.<Integer>at(manifests.get("HorizontalPodAutoscaler", "persistence-service"), "spec",
					"maxReplicas"))
				.isEqualTo(partitions);
			assertThat(manifests.ofKind("HorizontalPodAutoscaler")).hasSize(2);
		}
	}

	private static Map<String, String> triggerMetadata(Map<String, Object> scaledObject) {
		List<Map<String, Object>> triggers = Repository.at(scaledObject, "spec", "triggers");
		Map<String, String> metadata = Repository.at(triggers.get(0), "metadata");
		assertThat(metadata).as("metadata of the first trigger of %s", scaledObject).isNotNull();
		return metadata;
	}

	static Stream<Arguments> productionShapes() {
		return Stream.of(Arguments.of("k8s/overlays/production", "PLAIN"),
				Arguments.of("k8s/overlays/self-managed-kafka", "SCRAM-SHA-512"));
	}

	@ParameterizedTest
	@MethodSource("productionShapes")
	void productionReferencesSecretsAndNeverInlinesThem(String overlay, String saslMechanism) {
		Manifests production = rendered.get(overlay);
		assertThat(production.ofKind("Secret")).isEmpty();
		SERVICES.keySet().forEach((service) -> {
			List<Map<String, Object>> sources = Repository.at(production.container(service), "envFrom");
			assertThat(sources).anySatisfy((source) -> {
				assertThat(Repository.<String>at(source, "secretRef", "name")).isEqualTo(service + "-secrets");
				assertThat(Repository.<Boolean>at(source, "secretRef", "optional")).isFalse();
			});
			Map<String, String> environment = production.environment(service);
			assertThat(environment).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
				.containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", saslMechanism)
				.doesNotContainKeys("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "SPRING_MONGODB_URI",
						"SPRING_CLOUD_AWS_CREDENTIALS_ACCESS_KEY", "SPRING_CLOUD_AWS_CREDENTIALS_SECRET_KEY");
			assertThat(environment.values()).noneMatch((value) -> value.contains("password"));
			assertThat(Repository.<String>at(production.container(service), "image")).doesNotEndWith(":latest");
		});
		assertThat(production.environment("ingest-service").get("TELEMETRY_INGEST_IDENTITY"))
			.as("production checks each reading's device id against the identity AWS IoT authenticated")
			.isIn("client-id", "topic-segment");
		assertThat(Repository.<String>at(production.get("ServiceAccount", "ingest-service"), "metadata", "annotations",
				"eks.amazonaws.com/role-arn"))
			.startsWith("arn:aws:iam::");
		List<Map<String, Object>> template = Repository
			.yamlDocuments(Repository.read("k8s/overlays/production/secrets.template.yaml"));
		template.forEach(KubernetesSchema::validate);
		assertThat(template).extracting((secret) -> Repository.<String>at(secret, "metadata", "name"))
			.containsExactlyInAnyOrder("ingest-service-secrets", "persistence-service-secrets",
					"persistence-service-keda");
		assertThat(production.ofKind("TriggerAuthentication"))
			.flatMap((auth) -> Objects.requireNonNullElse(
					Repository.<List<Map<String, Object>>>at(auth, "spec", "secretTargetRef"), List.of()))
			.allSatisfy((ref) -> assertThat(ref.get("name")).isEqualTo("persistence-service-keda"));
	}

	@Test
	void selfManagedKafkaTrustsTheClusterCaFromAMountedConfigMap() {
		Manifests selfManaged = rendered.get("k8s/overlays/self-managed-kafka");
		assertThat(selfManaged.find("ConfigMap", "kafka-ca")).as("the cluster's CA is provided, not rendered")
			.isEmpty();
		SERVICES.keySet().forEach((service) -> {
			Map<String, String> environment = selfManaged.environment(service);
			assertThat(environment).containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM")
				.containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:/etc/kafka-ca/ca.crt")
				.containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka-bootstrap.kafka.svc:9092");
			List<Map<String, Object>> mounts = Repository.at(selfManaged.container(service), "volumeMounts");
			assertThat(mounts).anySatisfy((mount) -> assertThat(mount).containsEntry("name", "kafka-ca")
				.containsEntry("mountPath", "/etc/kafka-ca")
				.containsEntry("readOnly", true));
			List<Map<String, Object>> volumes = Repository.at(selfManaged.get("Deployment", service), "spec",
					"template", "spec", "volumes");
			assertThat(volumes).anySatisfy((volume) -> assertThat(volume).containsEntry("name", "kafka-ca")
				.containsEntry("configMap", Map.of("name", "kafka-ca")));
		});
		List<Map<String, String>> keda = Repository
			.at(selfManaged.get("TriggerAuthentication", "persistence-service-kafka"), "spec", "secretTargetRef");
		assertThat(keda).extracting((reference) -> reference.get("parameter"))
			.containsExactlyInAnyOrder("sasl", "username", "password", "tls", "ca");
		Map<String, String> confluent = rendered.get("k8s/overlays/production").environment("ingest-service");
		assertThat(confluent).doesNotContainKeys("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION",
				"SPRING_KAFKA_SSL_TRUST_STORE_TYPE");
	}

	@Test
	void productionVerifiesAccessTokensAndTalksToMongoOverTlsWithAUser() {
		Manifests production = rendered.get("k8s/overlays/production");
		assertThat(production.environment("persistence-service"))
			.containsKey("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")
			.containsEntry("SPRING_MONGODB_SSL_ENABLED", "true");
		assertThat(production.environment("persistence-service")
			.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")).startsWith("https://");
		Map<String, Object> secret = Repository
			.yamlDocuments(Repository.read("k8s/overlays/production/secrets.template.yaml"))
			.stream()
			.filter((document) -> "persistence-service-secrets"
				.equals(Repository.<String>at(document, "metadata", "name")))
			.findFirst()
			.orElseThrow();
		assertThat(Repository.<String>at(secret, "stringData", "SPRING_MONGODB_URI")).contains("<user>:<password>@")
			.contains("tls=true")
			.contains("authSource=");
	}

	@Test
	void monitoringShipsTheSameAlertRulesAndDashboardsAsCompose() {
		Manifests production = rendered.get("k8s/overlays/production");
		Map<String, Object> rule = production.get("PrometheusRule", "telemetry-pipeline");
		assertThat(Repository.<Object>at(rule, "spec"))
			.as("prometheus-rule.yaml is generated: python3 observability/prometheus/generate-prometheus-rule.py")
			.isEqualTo(Repository.yaml("observability/prometheus/alerts.yml"));
		Map<String, Object> dashboards = production.get("ConfigMap", "telemetry-dashboards");
		assertThat(Repository.<String>at(dashboards, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
		Map<String, String> data = Repository.at(dashboards, "data");
		assertThat(data).containsOnlyKeys("pipeline-overview.json", "service.json");
		data.forEach((file, json) -> assertThat(json)
			.isEqualTo(Repository.read("observability/grafana/dashboards/" + file)));
		SERVICES.keySet().forEach((service) -> {
			Map<String, Object> monitor = production.get("ServiceMonitor", service);
			Map<String, String> selector = Repository.at(monitor, "spec", "selector", "matchLabels");
			assertThat(selector).containsEntry("app.kubernetes.io/name", service);
			assertThat(Repository.<Map<String, String>>at(production.get("Service", service), "metadata", "labels"))
				.containsAllEntriesOf(selector);
			Map<String, Object> endpoint = Repository.<List<Map<String, Object>>>at(monitor, "spec", "endpoints")
				.get(0);
			assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
			assertThat(Repository.<List<Map<String, Object>>>at(production.get("Service", service), "spec", "ports"))
				.anySatisfy((port) -> assertThat(port).containsEntry("name", "management")
					.containsEntry("port", MANAGEMENT_PORTS.get(service)));
		});
	}

	@ParameterizedTest
	@MethodSource("overlays")
	@SuppressWarnings("unchecked")
	void everyPatchMatchesSomething(String overlay) {
		Map<String, Object> kustomization = Repository.yaml(overlay + "/kustomization.yaml");
		List<Map<String, Object>> patches = new ArrayList<>(
				(List<Map<String, Object>>) kustomization.getOrDefault("patches", List.of()));
		for (String component : (List<String>) kustomization.getOrDefault("components", List.of())) {
			Map<String, Object> ofComponent = Repository
				.yaml(Path.of(overlay, component, "kustomization.yaml").normalize().toString());
			patches.addAll((List<Map<String, Object>>) ofComponent.getOrDefault("patches", List.of()));
		}
		assertThat(patches).isNotEmpty().allSatisfy((patch) -> {
			Map<String, String> target = (Map<String, String>) patch.get("target");
			Pattern name = Pattern.compile(target.getOrDefault("name", ".*"));
			assertThat(rendered.get(overlay).ofKind(target.get("kind")))
				.as("kustomize ignores a patch whose target matches nothing: %s", target)
				.anySatisfy((
						object) -> assertThat(name.matcher(Repository.<String>at(object, "metadata", "name")).matches())
							.isTrue());
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T deepCopy(T tree) {
		if (tree instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((key, value) -> copy.put(key, deepCopy(value)));
			return (T) copy;
		}
		if (tree instanceof List<?> list) {
			return (T) new ArrayList<>(list.stream().map(KubernetesManifestsIntegrationTests::deepCopy).toList());
		}
		return tree;
	}

}
