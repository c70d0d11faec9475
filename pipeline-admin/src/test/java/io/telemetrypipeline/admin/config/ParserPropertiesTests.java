package io.telemetrypipeline.admin.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

import io.telemetrypipeline.admin.PipelineAdminApplication;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

class ParserPropertiesTests {

	@Test
	void parsesWithIngestServicesDefaultLimitsAndIdentityPolicy() throws IOException {
		Map<String, Object> ingest = section(ownConfiguration(IngestServiceApplication.class));
		Map<String, Object> admin = section(ownConfiguration(PipelineAdminApplication.class));
		assertThat(admin.get("validation")).isEqualTo(ingest.get("validation"));
		assertThat(admin.get("identity")).isEqualTo(ingest.get("identity"));
		assertThat(admin.get("identity-topic-segment")).isEqualTo(ingest.get("identity-topic-segment"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> section(String url) throws IOException {
		try (InputStream yaml = URI.create(url).toURL().openStream()) {
			Map<String, Object> root = new Yaml().load(yaml);
			return (Map<String, Object>) ((Map<String, Object>) root.get("telemetry")).get("ingest");
		}
	}

	private static String ownConfiguration(Class<?> mainClass) {
		String root = mainClass.getProtectionDomain().getCodeSource().getLocation().toString();
		return root.endsWith(".jar") ? "jar:" + root + "!/application.yml" : root + "application.yml";
	}

}
