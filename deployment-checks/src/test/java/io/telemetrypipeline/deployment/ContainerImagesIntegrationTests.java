package io.telemetrypipeline.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles, checked offline: syntax and common mistakes by
 * {@code dockerfile-utils} (hadolint is not obtainable here), and the project's own
 * rules: a multi-stage build whose final stage is a JRE with only the layered application
 * and its CycloneDX SBOM, a numeric non-root user, container-aware JVM memory flags, and
 * a healthcheck on the readiness group at the port the service really listens on.
 */
class ContainerImagesIntegrationTests {

	@ParameterizedTest
	@ValueSource(strings = { "ingest-service", "persistence-service", "device-simulator" })
	void dockerfileLintsCleanAndBuildsALayeredJreImageRunAsNonRoot(String module) {
		String dockerfile = module + "/Dockerfile";
		Tools.Result lint = Tools.run(Tools.npm("dockerfile-utils"), "lint", dockerfile);
		assertThat(lint.exitCode()).as(lint.output()).isZero();
		assertThat(lint.output()).as("dockerfile-utils lint %s", dockerfile).isBlank();

		List<String> stages = stages(Repository.read(dockerfile));
		assertThat(stages).as("multi-stage").hasSize(2);
		String build = stages.get(0);
		String image = stages.get(1);
		assertThat(build).contains("-pl " + module + " -am package").contains("extract --layers");
		assertThat(build).as("the SBOM the build wrote")
			.contains("cp " + module + "/target/classes/META-INF/sbom/application.cdx.json /layers/sbom.cdx.json");
		assertThat(image).containsPattern("(?m)^COPY --from=build /layers/sbom.cdx.json ./$");
		assertThat(Repository.read(module + "/pom.xml")).as("%s builds its SBOM", module)
			.contains("<artifactId>cyclonedx-maven-plugin</artifactId>");
		assertThat(firstLine(image)).matches("FROM eclipse-temurin:21-jre");
		assertThat(image).doesNotContain("mvnw").doesNotContain("/src");
		assertThat(image).containsPattern("(?m)^COPY --from=build /layers/dependencies/")
			.containsPattern("(?m)^COPY --from=build /layers/application/");
		Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(image);
		assertThat(user.find()).as("USER uid:gid").isTrue();
		assertThat(Integer.parseInt(user.group(1))).isGreaterThan(0);
		assertThat(image).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(image)
			.containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"\\]$");
		if (!module.equals("device-simulator")) {
			int port = serverPort(module);
			int managementPort = managementPort(module);
			assertThat(image).containsPattern("(?m)^EXPOSE " + port + " " + managementPort + "$")
				.contains("http://localhost:" + managementPort + "/actuator/health/readiness");
		}
		assertThat(Repository.read(".dockerignore")).contains("**/target").contains(".git");
	}

	static int serverPort(String service) {
		Map<String, Object> config = Repository.yaml(service + "/src/main/resources/" + service + ".yml");
		return Repository.at(config, "server", "port");
	}

	/** The port Actuator listens on, apart from the service's own port. */
	static int managementPort(String service) {
		Map<String, Object> config = Repository.yaml(service + "/src/main/resources/" + service + ".yml");
		return Repository.at(config, "management", "server", "port");
	}

	private static List<String> stages(String dockerfile) {
		List<String> stages = new ArrayList<>();
		StringBuilder current = null;
		for (String line : dockerfile.split("\n")) {
			if (line.startsWith("FROM ")) {
				current = new StringBuilder();
				stages.add(null);
			}
			if (current != null) {
				current.append(line).append('\n');
				stages.set(stages.size() - 1, current.toString());
			}
		}
		return stages;
	}

	private static String firstLine(String text) {
		return text.substring(0, text.indexOf('\n'));
	}

}
