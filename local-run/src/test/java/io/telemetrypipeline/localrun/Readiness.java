package io.telemetrypipeline.localrun;

import java.time.Duration;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/** Asks a running service's readiness probe, as Kubernetes does. */
final class Readiness {

	/**
	 * One client for every probe, bounded as Kubernetes' probes are. Plain
	 * {@code HttpURLConnection}: it reports a 503 as it is (Apache's client would retry
	 * it), and, unlike the JDK HttpClient in this busy JVM, it never left a probe waiting
	 * for an answer the service had already sent (curl saw 503 within 3.5 s meanwhile).
	 */
	private static final RestClient CLIENT = RestClient.builder().requestFactory(requestFactory()).build();

	private Readiness() {
	}

	/**
	 * The HTTP status of {@code /actuator/health/readiness}: 200 when ready, 503 when
	 * not.
	 * @param service the service's context
	 * @return the status code
	 */
	static int of(ConfigurableApplicationContext service) {
		return of(Integer.parseInt(service.getEnvironment().getProperty("local.management.port")));
	}

	/**
	 * The HTTP status of {@code /actuator/health/readiness} on a port.
	 * @param port the service's management (Actuator) port
	 * @return the status code, 0 when the service did not answer in time
	 */
	static int of(int port) {
		try {
			return status(port);
		}
		catch (ResourceAccessException ex) {
			return 0;
		}
	}

	private static int status(int port) {
		return CLIENT.get()
			.uri("http://127.0.0.1:" + port + "/actuator/health/readiness")
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toBodilessEntity()
			.getStatusCode()
			.value();
	}

	private static SimpleClientHttpRequestFactory requestFactory() {
		SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
		factory.setConnectTimeout(Duration.ofSeconds(5));
		factory.setReadTimeout(Duration.ofSeconds(10));
		return factory;
	}

}
