package io.telemetrypipeline.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * persistence-service started as its {@code main} starts it, with no security settings at
 * all: it starts, logs how to configure an issuer or key, and refuses every API request
 * with 401, whatever token it gets, while probes keep answering on the management port.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnconfiguredSecurityIntegrationTests {

	static final PipelineInfrastructure infrastructure = SharedInfrastructure.get();

	@Test
	void startsAndRefusesEveryApiRequestWhenNoIssuerOrKeyIsConfigured(CapturedOutput output) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
		infrastructure.springProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
		try (ConfigurableApplicationContext service = SpringApplication.run(PersistenceServiceApplication.class,
				arguments.toArray(String[]::new))) {
			int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
			int managementPort = Integer.parseInt(service.getEnvironment().getProperty("local.management.port"));
			String anyToken = TokenIssuer.generate()
				.token("client", List.of("readings:read"), null, Duration.ofMinutes(5));

			assertThat(status(port, "/api/devices/x/readings", null)).isEqualTo(401);
			assertThat(status(port, "/api/devices/x/readings/latest", anyToken)).isEqualTo(401);
			assertThat(status(port, "/actuator/health", null)).isEqualTo(401);
			assertThat(status(managementPort, "/actuator/health/liveness", null)).isEqualTo(200);
			assertThat(output)
				.contains("No issuer or key is configured for access tokens",
						"spring.security.oauth2.resourceserver.jwt.issuer-uri")
				.doesNotContain("generated security password");
		}
	}

	private static int status(int port, String path, String token) {
		ResponseEntity<Void> response = RestClient.create("http://127.0.0.1:" + port)
			.get()
			.uri(path)
			.headers((headers) -> {
				if (token != null) {
					headers.setBearerAuth(token);
				}
			})
			.retrieve()
			.onStatus((status) -> true, (request, refused) -> {
			})
			.toBodilessEntity();
		return response.getStatusCode().value();
	}

}
