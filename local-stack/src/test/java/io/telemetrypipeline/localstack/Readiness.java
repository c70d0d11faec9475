package io.telemetrypipeline.localstack;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Asks a running service's readiness probe, as Kubernetes does. */
final class Readiness {

	private Readiness() {
	}

	/**
	 * The HTTP status of {@code /actuator/health/readiness}: 200 when ready, 503 when
	 * not.
	 * @param service the service's context
	 * @return the status code
	 */
	static int of(ConfigurableApplicationContext service) {
		return of(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
	}

	/**
	 * The HTTP status of {@code /actuator/health/readiness} on a port.
	 * @param port the service's HTTP port
	 * @return the status code
	 */
	static int of(int port) {
		return RestClient.builder()
			.baseUrl("http://localhost:" + port)
			// the JDK client reports a 503 as it is; Apache's would retry it
			.requestFactory(new JdkClientHttpRequestFactory())
			.build()
			.get()
			.uri("/actuator/health/readiness")
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toBodilessEntity()
			.getStatusCode()
			.value();
	}

}
