package io.telemetrypipeline.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The environment that docker compose and the local Kubernetes overlay give each service
 * really starts that service: the service's executable jar (what its image holds) runs in
 * its own JVM with exactly those environment variables and no other configuration,
 * against the embedded servers, with the deployment's host names ({@code kafka},
 * {@code sqs}, {@code elasticmq}, {@code mongo}) mapped to the loopback addresses of
 * those servers. Once it is ready, every probe path and port the deployment names answers
 * 200: the compose port mapping and the Dockerfile's healthcheck, or the Kubernetes
 * startup, liveness and readiness probes. Started this way, with no issuer or key
 * configured, persistence-service refuses its readings API with 401.
 */
class ServiceWiringIntegrationTests {

	static final PipelineInfrastructure servers = SharedInfrastructure.get();

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static Stream<Arguments> deployments() {
		return Stream.of(Arguments.of("docker compose", "ingest-service"),
				Arguments.of("docker compose", "persistence-service"),
				Arguments.of("k8s/overlays/local", "ingest-service"),
				Arguments.of("k8s/overlays/local", "persistence-service"));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("deployments")
	void serviceStartsWithTheDeploymentsEnvironmentAndAnswersItsProbes(String deployment, String service)
			throws Exception {
		Map<String, String> environment;
		Map<URI, String> probes = new LinkedHashMap<>();
		if (deployment.equals("docker compose")) {
			environment = composeEnvironment(service);
			Matcher healthcheck = Pattern.compile("http://localhost:(\\d+)(/\\S+)")
				.matcher(Dockerfile.asBuiltFor(service));
			assertThat(healthcheck.find()).as("HEALTHCHECK of %s/Dockerfile", service).isTrue();
			int port = Integer.parseInt(healthcheck.group(1));
			assertThat(composeContainerPorts(service)).contains(port);
			probes.put(URI.create("http://127.0.0.1:" + port + healthcheck.group(2)), "Dockerfile HEALTHCHECK");
		}
		else {
			Manifests manifests = Manifests.render(deployment);
			environment = manifests.environment(service);
			Map<String, Object> container = manifests.container(service);
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				int port = manifests.containerPort(service, Repository.at(container, probe, "httpGet", "port"));
				String path = Repository.at(container, probe, "httpGet", "path");
				probes.put(URI.create("http://127.0.0.1:" + port + path), probe);
			}
		}
		Map<String, String> onLoopback = toLoopback(environment);
		Path log = Files.createDirectories(Path.of("target", "service-logs"))
			.resolve(deployment.replaceAll("\\W", "-") + "-" + service + ".log");
		Process process = start(service, onLoopback, log);
		try {
			URI readiness = probes.keySet()
				.stream()
				.filter((uri) -> uri.getPath().endsWith("/readiness"))
				.findFirst()
				.orElseThrow();
			waitAtMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
				assertThat(process.isAlive()).as("%s exited; see %s", service, log).isTrue();
				return status(readiness) == 200;
			});
			probes.forEach((uri, probe) -> assertThat(status(uri)).as("%s %s", probe, uri).isEqualTo(200));
			if (service.equals("persistence-service")) {
				int apiPort = ContainerImagesIntegrationTests.serverPort(service);
				assertThat(status(URI.create("http://127.0.0.1:" + apiPort + "/api/devices/d1/readings")))
					.as("readings API without an issuer or key")
					.isEqualTo(401);
			}
		}
		finally {
			// killed, not stopped: a graceful stop would wait out ingest-service's SQS
			// long poll, and the next case needs the ports free
			process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * Starts the service's executable jar, the artifact its image is layered from, so
	 * that it runs with its own classpath only.
	 */
	private static Process start(String service, Map<String, String> environment, Path log) throws IOException {
		Path jar;
		try (Stream<Path> files = Files.list(Repository.path(service + "/target"))) {
			jar = files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No executable jar in " + service + "/target: package it first"));
		}
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		return builder.start();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> composeEnvironment(String service) {
		Map<String, Object> environment = Repository.at(Repository.yaml("docker-compose.yml"), "services", service,
				"environment");
		Map<String, String> values = new LinkedHashMap<>();
		environment.forEach((key, value) -> values.put(key, String.valueOf(value)));
		assertThat(values).isNotEmpty();
		return values;
	}

	@SuppressWarnings("unchecked")
	private static List<Integer> composeContainerPorts(String service) {
		List<String> ports = Repository.at(Repository.yaml("docker-compose.yml"), "services", service, "ports");
		return ports.stream()
			.map((mapping) -> Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1)))
			.toList();
	}

	/**
	 * Replaces the deployment's {@code host:port} of each server with the loopback
	 * address of the embedded one; any other host stays as it is and would keep the
	 * service from becoming ready.
	 */
	private static Map<String, String> toLoopback(Map<String, String> environment) {
		String sqs = servers.sqsEndpoint().getAuthority();
		String mongo = URI.create(servers.mongoUri()).getAuthority();
		Map<String, String> hosts = Map.of("kafka:9092", servers.kafkaBootstrapServers(), "sqs:9324", sqs,
				"elasticmq:9324", sqs, "mongo:27017", mongo);
		Map<String, String> mapped = new LinkedHashMap<>();
		environment.forEach((key, value) -> {
			String result = value;
			for (Map.Entry<String, String> host : hosts.entrySet()) {
				result = result.replace(host.getKey(), host.getValue());
			}
			mapped.put(key, result);
		});
		return mapped;
	}

	private static int status(URI uri) {
		try {
			return http
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

}
