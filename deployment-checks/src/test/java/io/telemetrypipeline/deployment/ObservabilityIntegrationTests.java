package io.telemetrypipeline.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.Ports;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.simulator.DeviceSimulator;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The alert rules and dashboards against a real Prometheus: {@code promtool} checks and
 * unit-tests the rules; then a Prometheus server scrapes both services, configured as in
 * docker compose, while readings flow through the pipeline, and every PromQL expression
 * of every dashboard panel and every alert must return data. A panel or alert that
 * queries a metric or label that does not exist fails the build.
 */
class ObservabilityIntegrationTests {

	static final String ALERTS = "observability/prometheus/alerts.yml";

	static final List<String> DASHBOARDS = List.of("observability/grafana/dashboards/pipeline-overview.json",
			"observability/grafana/dashboards/service.json");

	static final JsonMapper json = JsonMapper.builder().build();

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static LocalPipeline pipeline;

	static DeviceSimulator simulator;

	static SqsClient sqs;

	static ScheduledExecutorService apiClient;

	static Process prometheus;

	static URI prometheusUri;

	@BeforeAll
	static void startPipelineAndPrometheus() throws IOException {
		Path promtool = Tools.require("promtool");
		Path binary = Tools.require("prometheus");
		pipeline = LocalPipeline.start(servers, Map.of("server.port", "0"));
		sqs = servers.sqsClient();
		simulator = new DeviceSimulator(sqs, PipelineNames.INGEST_QUEUE, 20, 200);
		simulator.start();
		apiClient = Executors.newSingleThreadScheduledExecutor();
		apiClient.scheduleAtFixedRate(ObservabilityIntegrationTests::readReadings, 0, 500, TimeUnit.MILLISECONDS);
		sqs.sendMessage((request) -> request
			.queueUrl(sqs.getQueueUrl((queue) -> queue.queueName(PipelineNames.INGEST_QUEUE)).queueUrl())
			.messageBody("{\"deviceId\":\"observability-1\",\"readings\":{}}"));

		Path directory = Files.createDirectories(Path.of("target", "prometheus"));
		Path data = Files.createTempDirectory(directory, "data");
		Path config = directory.resolve("prometheus.yml");
		Files.writeString(config, scrapeConfig(port(pipeline.ingest()), port(pipeline.persistence())));
		assertThat(Tools.run(promtool, "check", "config", config.toAbsolutePath().toString()).exitCode()).isZero();
		int port = Ports.free();
		prometheusUri = URI.create("http://127.0.0.1:" + port);
		prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config.toAbsolutePath(),
				"--storage.tsdb.path=" + data.toAbsolutePath(), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
	}

	/**
	 * The scrape configuration of docker compose, with the in-process services' ports and
	 * a 1 s interval so that rates have data within seconds.
	 */
	private static String scrapeConfig(int ingestPort, int persistencePort) {
		Map<String, Object> compose = Repository.yaml("observability/prometheus/prometheus.yml");
		List<Map<String, Object>> jobs = Repository.at(compose, "scrape_configs");
		Map<String, Integer> ports = Map.of("ingest-service", ingestPort, "persistence-service", persistencePort);
		StringBuilder config = new StringBuilder("""
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				""".formatted(Repository.path(ALERTS)));
		for (Map<String, Object> job : jobs) {
			String name = (String) job.get("job_name");
			Map<String, String> labels = Repository.at(((List<Map<String, Object>>) job.get("static_configs")).get(0),
					"labels");
			config.append("""
					  - job_name: %s
					    metrics_path: %s
					    static_configs:
					      - targets: ["127.0.0.1:%d"]
					        labels:
					          namespace: %s
					""".formatted(name, job.get("metrics_path"), ports.get(name), labels.get("namespace")));
		}
		return config.toString();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (prometheus != null) {
			prometheus.destroy();
			if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
				prometheus.destroyForcibly();
			}
		}
		if (apiClient != null) {
			apiClient.shutdownNow();
		}
		if (simulator != null) {
			simulator.close();
			sqs.close();
		}
		if (pipeline != null) {
			pipeline.close();
		}
	}

	/** A client of the readings API, so that its HTTP panels have traffic to show. */
	private static void readReadings() {
		URI readings = URI
			.create("http://127.0.0.1:" + pipeline.persistence().getEnvironment().getProperty("local.server.port")
					+ "/api/devices/observability-1/readings");
		try {
			http.send(HttpRequest.newBuilder(readings)
				.header("Authorization", "Bearer " + pipeline.readingsToken())
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			// the next call tries again
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void promtoolChecksAndUnitTestsTheAlertRules() {
		Tools.Result check = Tools.run(Tools.require("promtool"), "check", "rules", ALERTS);
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 13 rules found");
		Tools.Result test = Tools.run(Tools.require("promtool"), "test", "rules",
				"observability/prometheus/alerts.test.yml");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	void everyDashboardPanelReturnsData() {
		Map<String, List<String>> expressions = new LinkedHashMap<>();
		for (String dashboard : DASHBOARDS) {
			JsonNode root = json.readTree(Repository.read(dashboard));
			for (JsonNode panel : root.get("panels")) {
				for (JsonNode target : panel.path("targets")) {
					expressions.put(
							dashboard + " / " + panel.get("title").asString() + " / " + target.get("refId").asString(),
							variants(target.get("expr").asString()));
				}
			}
		}
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(40);
		awaitData(expressions);
	}

	@Test
	void everyDashboardVariableFindsItsValues() {
		List<String> selectors = new ArrayList<>();
		for (String dashboard : DASHBOARDS) {
			for (JsonNode variable : json.readTree(Repository.read(dashboard)).get("templating").get("list")) {
				if (variable.get("type").asString().equals("query")) {
					Matcher labelValues = Pattern.compile("label_values\\((.+), (\\w+)\\)")
						.matcher(variable.get("definition").asString());
					assertThat(labelValues.matches()).as(variable.toString()).isTrue();
					for (String service : List.of("ingest-service", "persistence-service")) {
						selectors
							.add(labelValues.group(1).replace("$application", service) + " " + labelValues.group(2));
					}
				}
			}
		}
		assertThat(selectors).isNotEmpty();
		waitAtMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(selectors).allSatisfy((selector) -> {
			String match = selector.substring(0, selector.lastIndexOf(' '));
			String label = selector.substring(selector.lastIndexOf(' ') + 1);
			JsonNode series = get("/api/v1/series?match[]=" + URLEncoder.encode(match, StandardCharsets.UTF_8));
			List<String> values = new ArrayList<>();
			series.get("data").forEach((labels) -> values.add(labels.path(label).asString()));
			assertThat(values).as(selector).isNotEmpty().allSatisfy((value) -> assertThat(value).isNotBlank());
		}));
	}

	@Test
	void everyAlertExpressionReturnsDataAndEvaluatesWithoutErrors() {
		Map<String, List<String>> expressions = new LinkedHashMap<>();
		List<Map<String, Object>> groups = Repository.at(Repository.yaml(ALERTS), "groups");
		for (Map<String, Object> group : groups) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				List<String> operands = operands((String) rule.get("expr"));
				for (int i = 0; i < operands.size(); i++) {
					expressions.put(rule.get("alert") + " / operand " + i, List.of(operands.get(i)));
				}
			}
		}
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
		awaitData(expressions);
		waitAtMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode rules = get("/api/v1/rules").get("data").get("groups");
			assertThat(rules).hasSize(1);
			List<String> health = new ArrayList<>();
			rules.get(0)
				.get("rules")
				.forEach((rule) -> health.add(rule.get("name").asString() + "=" + rule.get("health").asString()));
			assertThat(health).hasSize(13).allSatisfy((entry) -> assertThat(entry).endsWith("=ok"));
		});
	}

	@Test
	void aQueryOfAMetricThatDoesNotExistReturnsNothing() {
		awaitData(Map.of("written", List.of("sum(rate(telemetry_persistence_records_written_total[1m])) > 0")));
		assertThat(query("sum(rate(telemetry_persistence_records_writen_total[1m]))")).isEmpty();
		assertThat(query(
				"sum by (reason) (rate(telemetry_ingest_messages_rejected_total{application=\"persistence-service\"}[1m]))"))
			.isEmpty();
	}

	/**
	 * The expression with Grafana's variables substituted, once per value of the service
	 * variable: a panel passes when one of them returns data.
	 */
	private static List<String> variants(String expression) {
		String substituted = expression.replace("$__rate_interval", "1m").replace("$instance", ".*");
		if (!substituted.contains("$application")) {
			return List.of(substituted);
		}
		if (substituted.contains("http_server_requests")) {
			// ingest-service serves nothing on its service port, and requests to
			// Actuator's own port are not counted in http.server.requests
			return List.of(substituted.replace("$application", "persistence-service"));
		}
		return List.of(substituted.replace("$application", "ingest-service"),
				substituted.replace("$application", "persistence-service"));
	}

	/**
	 * The parts of an alert expression to check on their own: each side of a top-level
	 * {@code and}, {@code or} or {@code unless}, without its threshold comparison (which
	 * rightly returns nothing while the pipeline is healthy).
	 */
	static List<String> operands(String expression) {
		List<String> operands = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < expression.length(); i++) {
			char c = expression.charAt(i);
			depth += (c == '(' || c == '[' || c == '{') ? 1 : (c == ')' || c == ']' || c == '}') ? -1 : 0;
			for (String operator : List.of(" and ", " or ", " unless ")) {
				if (depth == 0 && expression.startsWith(operator, i)) {
					operands.add(expression.substring(start, i));
					start = i + operator.length();
				}
			}
		}
		operands.add(expression.substring(start));
		return operands.stream()
			.map((operand) -> operand.replaceAll("\\s*(==|!=|>=|<=|>|<)\\s*[0-9.e+-]+\\s*$", "").trim())
			.toList();
	}

	private static void awaitData(Map<String, List<String>> expressions) {
		waitAtMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			List<String> empty = new ArrayList<>();
			expressions.forEach((name, variants) -> {
				if (variants.stream().allMatch((variant) -> query(variant).isEmpty())) {
					empty.add(name + ": " + variants.get(0));
				}
			});
			assertThat(empty).as("expressions that return no data").isEmpty();
		});
	}

	private static List<JsonNode> query(String expression) {
		JsonNode response = get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
		assertThat(response.get("status").asString()).as("%s: %s", expression, response).isEqualTo("success");
		List<JsonNode> samples = new ArrayList<>();
		response.get("data").get("result").forEach(samples::add);
		return samples;
	}

	private static JsonNode get(String path) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(prometheusUri.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Prometheus does not answer on " + prometheusUri, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
