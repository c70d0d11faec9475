package io.telemetrypipeline.ingest;

import java.io.IOException;
import java.io.InputStream;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build writes a CycloneDX SBOM of the service when it packages it (into the jar, and
 * copied into the image), and it names the libraries that really run, e.g. the Kafka
 * client on the classpath. An integration test: the SBOM exists from
 * {@code prepare-package} on.
 */
class ApplicationSbomIntegrationTests {

	@Test
	void sbomListsTheServiceAndTheLibrariesItRunsWith() throws IOException {
		JsonNode sbom;
		try (InputStream in = new ClassPathResource("META-INF/sbom/application.cdx.json").getInputStream()) {
			sbom = JsonMapper.builder().build().readTree(in);
		}

		assertThat(sbom.path("bomFormat").asString()).isEqualTo("CycloneDX");
		assertThat(sbom.path("metadata").path("component").path("name").asString()).isEqualTo("ingest-service");
		assertThat(version(sbom, "kafka-clients")).isEqualTo(AppInfoParser.getVersion());
		assertThat(version(sbom, "common-model")).isNotEmpty();
		assertThat(version(sbom, "spring-cloud-aws-sqs")).isNotEmpty();
	}

	private static String version(JsonNode sbom, String artifactId) {
		for (JsonNode component : sbom.path("components")) {
			if (artifactId.equals(component.path("name").asString())) {
				return component.path("version").asString();
			}
		}
		throw new AssertionError("no component " + artifactId + " in the SBOM");
	}

}
