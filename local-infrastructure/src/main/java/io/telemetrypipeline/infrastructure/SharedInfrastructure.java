package io.telemetrypipeline.infrastructure;

/**
 * One set of servers per JVM, started on first use and stopped when the JVM exits, so
 * every test class of a module shares them instead of starting its own.
 */
public final class SharedInfrastructure {

	private static PipelineInfrastructure instance;

	private SharedInfrastructure() {
	}

	public static synchronized PipelineInfrastructure get() {
		if (instance == null) {
			PipelineInfrastructure started = PipelineInfrastructure.start(InfrastructureSettings.forTests());
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-infrastructure-shutdown"));
			instance = started;
		}
		return instance;
	}

}
