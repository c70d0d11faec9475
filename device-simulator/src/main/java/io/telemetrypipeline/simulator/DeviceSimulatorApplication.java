package io.telemetrypipeline.simulator;

import java.net.URI;
import java.nio.file.Path;
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
 * Runs the device simulator on its own: its devices publish over MQTT with their
 * certificates (to the local run's broker or to AWS IoT Core), or, with
 * {@code simulator.transport=sqs} as docker compose runs it, it writes straight into the
 * ingest queue; until stopped, logging how many readings were accepted every 10 seconds.
 * Configured by {@code simulator.*} properties (environment variables
 * {@code SIMULATOR_TRANSPORT}, {@code SIMULATOR_MQTT_HOST}, {@code SIMULATOR_MQTT_PORT},
 * {@code SIMULATOR_MQTT_CERTIFICATES}, {@code SIMULATOR_ENDPOINT},
 * {@code SIMULATOR_QUEUE}, {@code SIMULATOR_DEVICES}, {@code SIMULATOR_RATE},
 * {@code SIMULATOR_REGION}); AWS credentials for SQS come from the default chain.
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
		SimulatorProperties settings = this.properties;
		SqsClient sqs = null;
		DeviceSimulator simulator;
		if (settings.transport() == TransportKind.MQTT) {
			if (settings.mqtt().certificates() == null) {
				throw new IllegalStateException("simulator.mqtt.certificates (SIMULATOR_MQTT_CERTIFICATES) must name"
						+ " the directory of ca.crt and each device's <thing name>.crt and .key;"
						+ " or set simulator.transport=sqs to write into the ingest queue directly");
			}
			simulator = DeviceSimulator.overMqtt(settings.mqtt().host(), settings.mqtt().port(),
					settings.mqtt().certificates(), settings.devices(), settings.rate());
			log.info("Publishing {} messages/s from {} devices to mqtts://{}:{}", settings.rate(), settings.devices(),
					settings.mqtt().host(), settings.mqtt().port());
		}
		else {
			SqsClientBuilder builder = SqsClient.builder().region(Region.of(settings.region()));
			if (settings.endpoint() != null) {
				builder.endpointOverride(settings.endpoint());
			}
			sqs = builder.build();
			simulator = new DeviceSimulator(sqs, settings.queue(), settings.devices(), settings.rate());
			log.info("Sending {} messages/s from {} devices to {}", settings.rate(), settings.devices(),
					settings.queue());
		}
		ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
		SqsClient client = sqs;
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			progress.shutdownNow();
			simulator.close();
			if (client != null) {
				client.close();
			}
		}));
		simulator.start();
		progress.scheduleAtFixedRate(() -> log.info("sent {}", simulator.sent()), 10, 10, TimeUnit.SECONDS);
		Thread.currentThread().join();
	}

	/**
	 * What the simulator sends, and where.
	 *
	 * @param transport {@code mqtt}: each device publishes over MQTT with TLS and its
	 * certificate; {@code sqs}: readings go straight into the ingest queue, as the IoT
	 * rule would write them
	 * @param mqtt where and how devices connect, for {@code mqtt}
	 * @param endpoint SQS endpoint override (ElasticMQ, LocalStack), for {@code sqs}; AWS
	 * when absent
	 * @param region AWS region, for {@code sqs}
	 * @param queue the ingest queue's name, for {@code sqs}
	 * @param devices how many devices ({@code sim-000}, {@code sim-001}, ...)
	 * @param rate messages per second over all devices
	 */
	@ConfigurationProperties("simulator")
	record SimulatorProperties(@DefaultValue("mqtt") TransportKind transport, @DefaultValue Mqtt mqtt, URI endpoint,
			@DefaultValue("us-east-1") String region, @DefaultValue(PipelineNames.INGEST_QUEUE) String queue,
			@DefaultValue("20") int devices, @DefaultValue("50") double rate) {

		/**
		 * The MQTT broker the devices connect to, and their certificates.
		 *
		 * @param host the broker's host: the local run's, or your AWS IoT Core endpoint
		 * ({@code aws iot describe-endpoint --endpoint-type iot:Data-ATS})
		 * @param port MQTT over TLS
		 * @param certificates the directory of {@code ca.crt} (the authority the broker's
		 * certificate is trusted by) and each device's {@code <thing name>.crt} and
		 * {@code <thing name>.key} (PKCS#8 PEM)
		 */
		record Mqtt(@DefaultValue("127.0.0.1") String host, @DefaultValue("8883") int port, Path certificates) {
		}

	}

	/** How readings leave the simulator. */
	enum TransportKind {

		/** Each device publishes over MQTT. */
		MQTT,

		/** Straight into the ingest queue. */
		SQS

	}

}
