package io.telemetrypipeline.testinfrastructure;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;

import org.springframework.boot.SpringApplication;

/**
 * One set of servers per JVM (see {@link TestInfrastructure}), started on first use and
 * stopped when the JVM exits, after the application contexts, so every test class of a
 * module shares them instead of starting its own. A test that injects a fault undoes it
 * before it ends.
 */
public final class SharedInfrastructure {

	private static PipelineInfrastructure instance;

	private SharedInfrastructure() {
	}

	public static synchronized PipelineInfrastructure get() {
		if (instance == null) {
			PipelineInfrastructure started = TestInfrastructure.start(InfrastructureSettings.forTests());
			// after Spring Boot has closed this JVM's application contexts, the tests'
			// cached ones included: stopped beside them, the broker kept their Kafka
			// consumers waiting on close, and so held the JVM's exit past Surefire's 30 s
			SpringApplication.getShutdownHandlers().add(started::close);
			instance = started;
		}
		return instance;
	}

}
