package io.telemetrypipeline.endtoend;

import io.telemetrypipeline.localrun.ManagementEndpoints;

import org.springframework.context.ConfigurableApplicationContext;

/** Asks a running service's readiness probe, as Kubernetes does. */
final class Readiness {

	private Readiness() {
	}

	/**
	 * The HTTP status of {@code /actuator/health/readiness}: 200 when ready, 503 when
	 * not.
	 * @param service the service's context
	 * @return the status code, 0 when the service did not answer in time
	 */
	static int of(ConfigurableApplicationContext service) {
		int port = Integer.parseInt(service.getEnvironment().getProperty("local.management.port"));
		return new ManagementEndpoints(port).readiness();
	}

}
