package io.telemetrypipeline.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one {@code Dockerfile}, checked offline: syntax and common mistakes by
 * {@code dockerfile-utils} (hadolint is not obtainable here), and the project's own rules
 * for the image of every module it builds ({@code --build-arg MODULE=<module>}): a
 * multi-stage build whose final stage is a JRE with only the layered application and its
 * CycloneDX SBOM, a numeric non-root user, container-aware JVM memory flags, and for the
 * services the ports they really listen on and a healthcheck on the readiness group at
 * their Actuator port.
 */
class ContainerImagesIntegrationTests {

	/** The modules that run as containers, each built from the one Dockerfile. */
	static final List<String> MODULES = List.of("ingest-service", "persistence-service", "device-simulator");

	static final List<String> SERVICES = List.of("ingest-service", "persistence-service");

	@Test
	void theOneDockerfileLintsCleanAndHasAStagePerModule() throws IOException {
		Tools.Result lint = Tools.run(Tools.npm("dockerfile-utils"), "lint", Dockerfile.PATH);
		assertThat(lint.exitCode()).as(lint.output()).isZero();
		assertThat(lint.output()).as("dockerfile-utils lint %s", Dockerfile.PATH).isBlank();

		assertThat(Repository.read(Dockerfile.PATH)).as("MODULE is a global build argument, for the last FROM")
			.containsPattern("(?m)\\A(#.*\\n)*ARG MODULE\\n");
		Dockerfile dockerfile = Dockerfile.read();
		assertThat(dockerfile.stages()).extracting(Dockerfile.Stage::name)
			.containsExactly("build", "application", "ingest-service", "persistence-service", "device-simulator", null);
		assertThat(dockerfile.stages().get(dockerfile.stages().size() - 1).base())
			.isEqualTo(Dockerfile.MODULE_ARGUMENT);
		assertThat(dockerfile.pulledImages()).containsExactly("eclipse-temurin:21-jdk", "eclipse-temurin:21-jre");
		try (Stream<Path> directories = Files.list(Repository.ROOT)) {
			assertThat(directories.filter(Files::isDirectory).map((directory) -> directory.resolve("Dockerfile")))
				.as("a module's own Dockerfile")
				.noneMatch(Files::exists);
		}
		List<String> ignored = Repository.read(".dockerignore").lines().toList();
		assertThat(ignored).contains("**/target", "**/node_modules", ".git")
			.as("what the build stage needs")
			.doesNotContainAnyElementsOf(List.of("pom.xml", "mvnw", ".mvn", "src", "*/src"))
			.doesNotContainAnyElementsOf(MODULES);
	}

	@ParameterizedTest
	@FieldSource("MODULES")
	void buildsALayeredJreImageRunAsNonRootForEachModule(String module) {
		Dockerfile.Image image = Dockerfile.read().image(module);
		assertThat(image.hasOwnStage()).as("FROM ${MODULE} selects a stage named %s", module).isTrue();
		String build = image.build().text();
		assertThat(build).contains("ARG MODULE")
			.contains("-pl " + module + " -am package")
			.contains("extract --layers");
		assertThat(build).as("the SBOM the build wrote")
			.contains("cp " + module + "/target/classes/META-INF/sbom/application.cdx.json /layers/sbom.cdx.json");
		assertThat(Repository.read(module + "/pom.xml")).as("%s builds its SBOM", module)
			.contains("<artifactId>cyclonedx-maven-plugin</artifactId>");

		String instructions = image.text();
		assertThat(image.baseImage()).isEqualTo("eclipse-temurin:21-jre");
		assertThat(instructions).containsPattern("(?m)^COPY --from=build /layers/sbom.cdx.json ./$");
		assertThat(instructions).doesNotContain("mvnw").doesNotContain("/src");
		assertThat(instructions).containsPattern("(?m)^COPY --from=build /layers/dependencies/")
			.containsPattern("(?m)^COPY --from=build /layers/application/");
		Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(instructions);
		assertThat(user.find()).as("USER uid:gid").isTrue();
		assertThat(Integer.parseInt(user.group(1))).isGreaterThan(0);
		assertThat(instructions).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(instructions)
			.containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"\\]$");
		if (SERVICES.contains(module)) {
			int port = serverPort(module);
			int managementPort = managementPort(module);
			assertThat(instructions).containsPattern("(?m)^EXPOSE " + port + " " + managementPort + "$")
				.containsPattern("(?m)^HEALTHCHECK ")
				.contains("http://localhost:" + managementPort + "/actuator/health/readiness");
		}
		else {
			assertThat(instructions).as("%s listens on no port", module)
				.doesNotContain("EXPOSE")
				.doesNotContain("HEALTHCHECK");
		}
	}

	static int serverPort(String service) {
		return Repository.at(configuration(service), "server", "port");
	}

	/** The port Actuator listens on, apart from the service's own port. */
	static int managementPort(String service) {
		return Repository.at(configuration(service), "management", "server", "port");
	}

	private static Map<String, Object> configuration(String service) {
		return Repository.yaml(service + "/src/main/resources/application.yml");
	}

}
