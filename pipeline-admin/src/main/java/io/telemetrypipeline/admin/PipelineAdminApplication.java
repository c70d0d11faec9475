package io.telemetrypipeline.admin;

import io.telemetrypipeline.admin.console.Interruption;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * pipeline-admin: the operator's command-line tool for what the pipeline put aside. It
 * inspects {@code telemetry.rejected}, {@code telemetry.events.dlt} and the SQS
 * dead-letter queue without consuming them, replays dead letters and rejected input into
 * {@code telemetry.events}, and redrives the SQS dead-letter queue to its source queue.
 * It connects with the services' own settings ({@code spring.kafka.*},
 * {@code spring.cloud.aws.*}, {@code telemetry.*}) as its own Kafka principal.
 * <p>
 * Exit codes: 0 done, 1 failed (nothing committed past what was acknowledged), 2 a usage
 * error; on Ctrl-C or SIGTERM the command finishes the batch in flight, commits it and
 * stops.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PipelineAdminApplication {

	public static void main(String[] args) {
		Interruption interruption = Interruption.onShutdown();
		int exitCode = run(interruption, args);
		interruption.finished();
		if (!interruption.requested()) {
			System.exit(exitCode);
		}
	}

	/**
	 * Runs one command in this JVM, as {@code main} does but without exiting the JVM or
	 * handling signals: for tests and for embedding.
	 * @param args the command line, e.g. {@code replay dlt --dry-run}, and any
	 * {@code --spring.kafka.bootstrap-servers=...} style settings
	 * @return the command's exit code
	 */
	public static int execute(String... args) {
		return run(Interruption.never(), args);
	}

	private static int run(Interruption interruption, String... args) {
		SpringApplication application = new SpringApplication(PipelineAdminApplication.class);
		application.setRegisterShutdownHook(false);
		application
			.addInitializers((context) -> context.getBeanFactory().registerSingleton("interruption", interruption));
		try {
			ConfigurableApplicationContext context = application.run(args);
			return SpringApplication.exit(context);
		}
		catch (RuntimeException ex) {
			// Spring Boot has logged why the context did not start (settings, connection)
			return AdminCommandRunner.FAILED;
		}
	}

}
