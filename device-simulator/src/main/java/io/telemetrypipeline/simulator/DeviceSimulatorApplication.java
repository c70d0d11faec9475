package io.telemetrypipeline.simulator;

import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.telemetrypipeline.model.PipelineNames;
import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Runs the device simulator on its own, as docker compose does: sends readings to the
 * ingest queue until stopped and logs how many every 10 seconds. Configured by
 * {@code simulator.*} properties (environment variables {@code SIMULATOR_ENDPOINT},
 * {@code SIMULATOR_QUEUE}, {@code SIMULATOR_DEVICES}, {@code SIMULATOR_RATE},
 * {@code SIMULATOR_REGION}); AWS credentials come from the default chain.
 */
@Slf4j
@SpringBootApplication
@EnableConfigurationProperties(DeviceSimulatorApplication.SimulatorProperties.class)
public class DeviceSimulatorApplication implements ApplicationRunner {

	private final SimulatorProperties properties;

	DeviceSimulatorApplication(SimulatorProperties properties) {
		this.properties = properties;
	}

	public static void main(String[] args) {
		SpringApplication.run(DeviceSimulatorApplication.class, args);
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		SqsClientBuilder builder = SqsClient.builder().region(Region.of(this.properties.region()));
		if (this.properties.endpoint() != null) {
			builder.endpointOverride(this.properties.endpoint());
		}
		SqsClient sqs = builder.build();
		DeviceSimulator simulator = new DeviceSimulator(sqs, this.properties.queue(), this.properties.devices(),
				this.properties.rate());
		ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			progress.shutdownNow();
			simulator.close();
			sqs.close();
		}));
		log.info("Sending {} messages/s from {} devices to {}", this.properties.rate(), this.properties.devices(),
				this.properties.queue());
		simulator.start();
		progress.scheduleAtFixedRate(() -> log.info("sent {}", simulator.sent()), 10, 10, TimeUnit.SECONDS);
		Thread.currentThread().join();
	}

	/**
	 * What the simulator sends, and where.
	 *
	 * @param endpoint SQS endpoint override (ElasticMQ, LocalStack); AWS when absent
	 * @param region AWS region
	 * @param queue the ingest queue's name
	 * @param devices how many devices
	 * @param rate messages per second over all devices
	 */
	@ConfigurationProperties("simulator")
	record SimulatorProperties(URI endpoint, @DefaultValue("us-east-1") String region,
			@DefaultValue(PipelineNames.INGEST_QUEUE) String queue, @DefaultValue("20") int devices,
			@DefaultValue("50") double rate) {
	}

}
