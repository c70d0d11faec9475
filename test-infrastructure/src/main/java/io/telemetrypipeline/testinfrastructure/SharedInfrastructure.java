package io.telemetrypipeline.testinfrastructure;

import io.telemetrypipeline.infrastructure.InfrastructureSettings;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;

/**
 * One set of servers per JVM (see {@link TestInfrastructure}), started on first use and
 * stopped when the JVM exits, so every test class of a module shares them instead of
 * starting its own. A test that injects a fault undoes it before it ends.
 */
public final class SharedInfrastructure {

	private static PipelineInfrastructure instance;

	private SharedInfrastructure() {
	}

	public static synchronized PipelineInfrastructure get() {
		if (instance == null) {
			PipelineInfrastructure started = TestInfrastructure.start(InfrastructureSettings.forTests());
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-infrastructure-shutdown"));
			instance = started;
		}
		return instance;
	}

}
