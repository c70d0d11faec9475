package io.telemetrypipeline.deployment;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml}, checked offline by both validators ({@code docker-compose
 * config}, which resolves references, and {@code dclint}, which knows the current schema)
 * and by the project's rules: start-up order through healthchecks, data on named volumes,
 * an infrastructure-only profile, files mounted from the repository, and Prometheus and
 * Grafana wired to the services and the shared rules and dashboards.
 */
class ComposeFileIntegrationTests {

	static final Map<String, Object> compose = Repository.yaml("docker-compose.yml");

	@Test
	void validatesWithDockerComposeAndDclint() {
		Tools.Result config = Tools.run(Tools.require("docker-compose"), "config", "-q");
		assertThat(config.exitCode()).as(config.output()).isZero();
		assertThat(config.output()).as("docker-compose config -q").isBlank();
		Tools.Result lint = Tools.run(Tools.npm("dclint"), "--config", ".dclintrc", "docker-compose.yml");
		assertThat(lint.exitCode()).as(lint.output()).isZero();
		assertThat(lint.output()).as("dclint").doesNotContain("warning").doesNotContain("error");
	}

	@Test
	@SuppressWarnings("unchecked")
	void startsInOrderOnHealthchecksAndKeepsDataOnNamedVolumes() {
		Map<String, Map<String, Object>> services = Repository.at(compose, "services");
		assertThat(services).containsOnlyKeys("kafka", "mongo", "sqs", "ingest-service", "persistence-service",
				"device-simulator", "prometheus", "grafana");
		services.forEach((name, service) -> {
			Map<String, Map<String, String>> dependencies = (Map<String, Map<String, String>>) service
				.getOrDefault("depends_on", Map.of());
			dependencies.forEach((dependency, condition) -> {
				assertThat(condition.get("condition")).as("%s -> %s", name, dependency).isEqualTo("service_healthy");
				assertThat(hasHealthcheck(services.get(dependency))).as("%s has a healthcheck", dependency).isTrue();
			});
		});
		assertThat(Repository.<Map<String, Object>>at(services.get("ingest-service"), "depends_on"))
			.containsOnlyKeys("kafka", "sqs");
		assertThat(Repository.<Map<String, Object>>at(services.get("persistence-service"), "depends_on"))
			.containsOnlyKeys("kafka", "mongo");
		Map<String, String> dataDirectories = Map.of("kafka", "/var/lib/kafka/data", "mongo", "/data/db", "prometheus",
				"/prometheus", "grafana", "/var/lib/grafana");
		Map<String, Object> volumes = Repository.at(compose, "volumes");
		dataDirectories.forEach((name, directory) -> {
			String volume = name + "-data";
			assertThat(volumes).containsKey(volume);
			assertThat((List<String>) services.get(name).get("volumes")).contains(volume + ":" + directory);
		});
		services.values()
			.stream()
			.flatMap((service) -> ((List<String>) service.getOrDefault("volumes", List.of())).stream())
			.filter((mount) -> mount.startsWith("./"))
			.forEach((mount) -> assertThat(Repository.path(mount.substring(2, mount.indexOf(':')))).exists());
		services.forEach((name, service) -> assertThat((List<String>) service.get("profiles")).as(name)
			.contains("all")
			.containsAnyOf(List.of("kafka", "mongo", "sqs").contains(name) ? "infra" : "all"));
		assertThat(services.entrySet()
			.stream()
			.filter((entry) -> ((List<String>) entry.getValue().get("profiles")).contains("infra"))
			.map(Map.Entry::getKey)).containsExactlyInAnyOrder("kafka", "mongo", "sqs");
	}

	private static boolean hasHealthcheck(Map<String, Object> service) {
		if (service.containsKey("healthcheck")) {
			return true;
		}
		String module = Repository.at(service, "build", "args", "MODULE");
		return module != null && Dockerfile.read().image(module).text().contains("HEALTHCHECK ");
	}

	@Test
	@SuppressWarnings("unchecked")
	void servicesGetTheirPortsAndPrometheusAndGrafanaAreWired() throws Exception {
		Map<String, Map<String, Object>> services = Repository.at(compose, "services");
		for (String service : List.of("ingest-service", "persistence-service")) {
			int port = ContainerImagesIntegrationTests.serverPort(service);
			int managementPort = ContainerImagesIntegrationTests.managementPort(service);
			assertThat((List<String>) services.get(service).get("ports")).containsExactly(
					"127.0.0.1:%d:%d".formatted(port, port),
					"127.0.0.1:%d:%d".formatted(managementPort, managementPort));
		}
		for (String module : ContainerImagesIntegrationTests.MODULES) {
			Map<String, Object> build = Repository.at(services.get(module), "build");
			assertThat(build).as("%s is built from the one Dockerfile", module)
				.containsOnlyKeys("context", "args")
				.containsEntry("context", ".")
				.containsEntry("args", Map.of("MODULE", module));
		}
		services.forEach((name, service) -> {
			if (service.containsKey("build")) {
				assertThat(ContainerImagesIntegrationTests.MODULES).as("%s is built from the Dockerfile", name)
					.contains(name);
			}
		});
		Map<String, Object> prometheus = Repository.yaml("observability/prometheus/prometheus.yml");
		List<Map<String, Object>> jobs = Repository.at(prometheus, "scrape_configs");
		assertThat(jobs).extracting((job) -> job.get("job_name"))
			.containsExactly("ingest-service", "persistence-service");
		for (Map<String, Object> job : jobs) {
			String name = (String) job.get("job_name");
			assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
			List<Map<String, Object>> targets = (List<Map<String, Object>>) job.get("static_configs");
			assertThat((List<String>) targets.get(0).get("targets"))
				.containsExactly(name + ":" + ContainerImagesIntegrationTests.managementPort(name));
		}
		assertThat((List<String>) prometheus.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
		assertThat((List<String>) services.get("prometheus").get("volumes"))
			.contains("./observability/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
		Map<String, Object> provider = Repository
			.<List<Map<String, Object>>>at(
					Repository.yaml("observability/grafana/provisioning/dashboards/telemetry.yml"), "providers")
			.get(0);
		String dashboardsPath = Repository.at(provider, "options", "path");
		assertThat((List<String>) services.get("grafana").get("volumes"))
			.contains("./observability/grafana/dashboards:" + dashboardsPath + ":ro");
		Map<String, Object> datasource = Repository
			.<List<Map<String, Object>>>at(
					Repository.yaml("observability/grafana/provisioning/datasources/prometheus.yml"), "datasources")
			.get(0);
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
	}

}
