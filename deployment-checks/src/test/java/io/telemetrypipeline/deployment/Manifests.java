package io.telemetrypipeline.deployment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One kustomization rendered by {@code kubectl kustomize}, as the objects
 * {@code kubectl apply -k} would send to the cluster.
 *
 * @param directory the kustomization, relative to the repository root
 * @param objects the rendered objects
 */
record Manifests(String directory, List<Map<String, Object>> objects) {

	/** The overlays users apply. */
	static final List<String> OVERLAYS = List.of("k8s/overlays/local", "k8s/overlays/production",
			"k8s/overlays/self-managed-kafka");

	static Manifests render(String directory) {
		Tools.Result result = Tools.run(Tools.require("kubectl"), "kustomize", directory);
		assertThat(result.exitCode()).as("kubectl kustomize %s: %s", directory, result.output()).isZero();
		return new Manifests(directory, Repository.yamlDocuments(result.output()));
	}

	List<Map<String, Object>> ofKind(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	Optional<Map<String, Object>> find(String kind, String name) {
		return ofKind(kind).stream()
			.filter((object) -> name.equals(Repository.at(object, "metadata", "name")))
			.findFirst();
	}

	Map<String, Object> get(String kind, String name) {
		return find(kind, name)
			.orElseThrow(() -> new AssertionError(kind + " " + name + " is not in " + this.directory));
	}

	/**
	 * The first container of a Deployment.
	 * @param deployment the Deployment's name
	 * @return the container
	 */
	Map<String, Object> container(String deployment) {
		List<Map<String, Object>> containers = Repository.at(get("Deployment", deployment), "spec", "template", "spec",
				"containers");
		return containers.get(0);
	}

	/**
	 * The environment a Deployment's container gets: its {@code envFrom} ConfigMaps and
	 * Secrets in order, then its {@code env}. A Secret that is not rendered (created out
	 * of band, as in production) contributes nothing.
	 * @param deployment the Deployment's name
	 * @return variable to value
	 */
	Map<String, String> environment(String deployment) {
		Map<String, Object> container = container(deployment);
		Map<String, String> environment = new LinkedHashMap<>();
		List<Map<String, Object>> sources = Objects.requireNonNullElse(Repository.at(container, "envFrom"), List.of());
		for (Map<String, Object> source : sources) {
			String configMap = Repository.at(source, "configMapRef", "name");
			String secret = Repository.at(source, "secretRef", "name");
			if (configMap != null) {
				Map<String, String> data = Repository.at(get("ConfigMap", configMap), "data");
				environment.putAll(data);
			}
			else if (secret != null) {
				find("Secret", secret).ifPresent((object) -> {
					Map<String, String> data = Repository.at(object, "data");
					data.forEach((key, value) -> environment.put(key,
							new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
				});
			}
		}
		List<Map<String, Object>> variables = Objects.requireNonNullElse(Repository.at(container, "env"), List.of());
		variables.forEach((variable) -> environment.put((String) variable.get("name"), (String) variable.get("value")));
		return environment;
	}

	/**
	 * The container port a probe or Service names.
	 * @param deployment the Deployment's name
	 * @param port a port number or the name of a container port
	 * @return the number
	 */
	int containerPort(String deployment, Object port) {
		if (port instanceof Integer number) {
			return number;
		}
		List<Map<String, Object>> ports = Repository.at(container(deployment), "ports");
		return ports.stream()
			.filter((candidate) -> port.equals(candidate.get("name")))
			.map((candidate) -> (Integer) candidate.get("containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError(deployment + " has no container port named " + port));
	}

}
