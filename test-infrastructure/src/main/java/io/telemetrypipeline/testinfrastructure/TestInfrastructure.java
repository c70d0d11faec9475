package io.telemetrypipeline.testinfrastructure;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import lombok.extern.slf4j.Slf4j;
import org.testcontainers.DockerClientFactory;

/**
 * Where the tests' servers come from: containers through Testcontainers where a Docker
 * engine answers, embedded servers otherwise. Both offer the same seam, faults included,
 * so a test runs on either path.
 */
@Slf4j
public final class TestInfrastructure {

	private TestInfrastructure() {
	}

	/**
	 * Starts the servers: containers where Docker is available, embedded servers
	 * otherwise. A secured Kafka broker ({@link InfrastructureSettings#withSecuredKafka})
	 * is always embedded: its SCRAM users are created when its log is formatted and its
	 * TLS material when it is set up, which the Kafka container does not offer. So is a
	 * cluster of several Kafka brokers ({@link InfrastructureSettings#withKafkaBrokers}),
	 * whose brokers are killed and started one by one.
	 * @param settings what to start
	 * @return the running servers; the caller closes them
	 */
	public static PipelineInfrastructure start(InfrastructureSettings settings) {
		if (settings.kafkaUsers().isEmpty() && settings.kafkaBrokers() == 1 && dockerAvailable()) {
			return ContainerInfrastructure.start(settings);
		}
		return PipelineInfrastructure.embedded(settings);
	}

	private static boolean dockerAvailable() {
		try {
			boolean available = DockerClientFactory.instance().isDockerAvailable();
			log.info(available ? "Docker is available: using Testcontainers"
					: "No Docker engine: using embedded servers");
			return available;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
