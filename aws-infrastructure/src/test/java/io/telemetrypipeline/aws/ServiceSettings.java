package io.telemetrypipeline.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.ingest.config.IngestProperties;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.UrlResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values the stack must agree with, read where the services, the local servers and
 * the Kubernetes manifests keep them, never copied: ingest-service's settings as it binds
 * them from its own {@code application.yml}, the local servers' queue settings, the
 * ServiceAccount of k8s/base and the production overlay's example values.
 */
final class ServiceSettings {

	private static final Pattern MAX_RECEIVE_COUNT = Pattern.compile("maxReceiveCount\\s*=\\s*(\\d+)");

	private static final Pattern VISIBILITY_TIMEOUT = Pattern
		.compile("defaultVisibilityTimeout\\s*=\\s*(\\d+)\\s*seconds");

	private ServiceSettings() {
	}

	/**
	 * ingest-service's {@code telemetry.ingest.*} settings with its shipped defaults: its
	 * {@code application.yml}, read from the service's own artifact and bound to
	 * {@link IngestProperties} by Spring Boot's binder, as the service binds it.
	 * @return the settings
	 */
	static IngestProperties ingestServiceDefaults() {
		try {
			Resource yaml = ingestServiceResource("application.yml");
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("ingest-service application.yml",
					yaml);
			return new Binder(ConfigurationPropertySources.from(sources))
				.bind("telemetry.ingest", IngestProperties.class)
				.get();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Resource ingestServiceResource(String name) throws IOException {
		URL location = IngestProperties.class.getProtectionDomain().getCodeSource().getLocation();
		if (location.getPath().endsWith(".jar")) {
			return new UrlResource("jar:" + location + "!/" + name);
		}
		try {
			return new FileSystemResource(Path.of(location.toURI()).resolve(name));
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("ingest-service's classes at " + location, ex);
		}
	}

	/**
	 * The {@code maxReceiveCount} of every queue the local servers create: the embedded
	 * servers of the tests and of the local run (local-infrastructure) and ElasticMQ's
	 * configuration for compose and the local Kubernetes overlay.
	 * @return every value, at least one per source
	 */
	static List<Integer> localMaxReceiveCounts() {
		List<Integer> counts = new ArrayList<>();
		counts.add(InfrastructureSettings.forTests().maxReceiveCount());
		counts.add(InfrastructureSettings.forLocalRun(Path.of("unused")).maxReceiveCount());
		List<Integer> elasticMq = matches(MAX_RECEIVE_COUNT, read("deploy/elasticmq/elasticmq.conf")).stream()
			.map(Integer::valueOf)
			.toList();
		assertThat(elasticMq).as("maxReceiveCount in deploy/elasticmq/elasticmq.conf").isNotEmpty();
		counts.addAll(elasticMq);
		return counts;
	}

	/**
	 * The visibility timeout of every ingest queue the local servers create.
	 * @return every value, at least one per source
	 */
	static List<Duration> localVisibilityTimeouts() {
		List<Duration> timeouts = new ArrayList<>();
		timeouts.add(InfrastructureSettings.forTests().visibilityTimeout());
		timeouts.add(InfrastructureSettings.forLocalRun(Path.of("unused")).visibilityTimeout());
		List<Duration> elasticMq = matches(VISIBILITY_TIMEOUT, read("deploy/elasticmq/elasticmq.conf")).stream()
			.map((seconds) -> Duration.ofSeconds(Long.parseLong(seconds)))
			.toList();
		assertThat(elasticMq).as("defaultVisibilityTimeout in deploy/elasticmq/elasticmq.conf").isNotEmpty();
		timeouts.addAll(elasticMq);
		return timeouts;
	}

	/**
	 * ingest-service's ServiceAccount in k8s/base: the one its Deployment runs as, in the
	 * namespace the base puts everything in.
	 * @return namespace and name
	 */
	static ServiceAccount ingestServiceAccount() {
		String namespace = (String) yaml("k8s/base/kustomization.yaml").get(0).get("namespace");
		List<Map<String, Object>> manifests = yaml("k8s/base/ingest-service.yaml");
		Map<String, Object> deployment = manifests.stream()
			.filter((manifest) -> "Deployment".equals(manifest.get("kind")))
			.findFirst()
			.orElseThrow();
		String name = (String) at(deployment, "spec", "template", "spec", "serviceAccountName");
		assertThat(manifests).as("a ServiceAccount %s in k8s/base/ingest-service.yaml", name)
			.anyMatch((manifest) -> "ServiceAccount".equals(manifest.get("kind"))
					&& name.equals(at(manifest, "metadata", "name")));
		return new ServiceAccount(namespace, name);
	}

	/**
	 * The value a JSON patch of the production overlay replaces.
	 * @param kind the patch target's kind
	 * @param name the patch target's name
	 * @param path the patch operation's path
	 * @return the value it sets, an example marked {@code # example}
	 */
	@SuppressWarnings("unchecked")
	static String productionOverlayValue(String kind, String name, String path) {
		List<Map<String, Object>> patches = (List<Map<String, Object>>) yaml(
				"k8s/overlays/production/kustomization.yaml")
			.get(0)
			.get("patches");
		for (Map<String, Object> patch : patches) {
			Map<String, Object> target = (Map<String, Object>) patch.get("target");
			if (kind.equals(target.get("kind")) && name.equals(target.get("name"))) {
				for (Map<String, Object> operation : (List<Map<String, Object>>) new Yaml()
					.load((String) patch.get("patch"))) {
					if (path.equals(operation.get("path"))) {
						return String.valueOf(operation.get("value"));
					}
				}
			}
		}
		throw new AssertionError("No patch of " + path + " on " + kind + " " + name + " in the production overlay");
	}

	/**
	 * An environment variable of a service's ConfigMap in k8s/base.
	 * @param service the ConfigMap's name
	 * @param variable the variable
	 * @return its value
	 */
	@SuppressWarnings("unchecked")
	static String baseConfigMapValue(String service, String variable) {
		List<Map<String, Object>> generators = (List<Map<String, Object>>) yaml("k8s/base/kustomization.yaml").get(0)
			.get("configMapGenerator");
		return generators.stream()
			.filter((generator) -> service.equals(generator.get("name")))
			.flatMap((generator) -> ((List<String>) generator.get("literals")).stream())
			.filter((literal) -> literal.startsWith(variable + "="))
			.map((literal) -> literal.substring(variable.length() + 1))
			.findFirst()
			.orElseThrow(() -> new AssertionError(variable + " in the ConfigMap " + service + " of k8s/base"));
	}

	/**
	 * The OIDC issuer the build synthesised the stack with.
	 * @return the issuer, without scheme
	 */
	static String eksOidcIssuer() {
		String issuer = System.getProperty("aws-infrastructure.eks-oidc-issuer");
		assertThat(issuer).as("system property aws-infrastructure.eks-oidc-issuer (set by the build)").isNotBlank();
		return issuer;
	}

	static String read(String relative) {
		try {
			return Files.readString(repositoryRoot().resolve(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path repositoryRoot() {
		String configured = System.getProperty("aws-infrastructure.repository-root");
		return (configured != null) ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> yaml(String relative) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(read(relative))) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	@SuppressWarnings("unchecked")
	private static Object at(Map<String, Object> tree, String... keys) {
		Object node = tree;
		for (String key : keys) {
			node = ((Map<String, Object>) node).get(key);
		}
		return node;
	}

	private static List<String> matches(Pattern pattern, String text) {
		List<String> found = new ArrayList<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	/**
	 * A Kubernetes ServiceAccount.
	 *
	 * @param namespace its namespace
	 * @param name its name
	 */
	record ServiceAccount(String namespace, String name) {

		/**
		 * The subject of its tokens, as the OIDC provider names it.
		 * @return {@code system:serviceaccount:<namespace>:<name>}
		 */
		String subject() {
			return "system:serviceaccount:" + this.namespace + ":" + this.name;
		}

	}

}
