package io.telemetrypipeline.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A fleet of simulated devices sending readings: over MQTT, each device with its own
 * certificate, as devices publish to AWS IoT Core ({@link #overMqtt}), or straight into
 * the ingest queue as the IoT rule would write them, enriched with {@code topic} and
 * {@code clientId} (the constructor). Each device reports temperature, humidity and
 * battery that drift realistically, with a per-device message counter (prefixed by the
 * run) as {@code messageId}.
 */
@Slf4j
public final class DeviceSimulator implements AutoCloseable {

	/** Readings per send: an SQS batch, or as many MQTT publishes. */
	private static final int BATCH = 10;

	private final Transport transport;

	private final int devices;

	private final double messagesPerSecond;

	private final Clock clock = Clock.systemUTC();

	private final RandomGenerator random = RandomGenerator.getDefault();

	private final double[] temperature;

	private final long[] sequence;

	/**
	 * Sets this run's message ids apart from an earlier run's: a restarted simulator
	 * never reuses a message id.
	 */
	private final String run = Long.toString(System.currentTimeMillis(), 36);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "device-simulator");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * A simulator writing straight into the ingest queue, as the IoT rule would; it has
	 * not started sending yet.
	 * @param sqs the client to send with
	 * @param queue the ingest queue's name
	 * @param devices how many devices
	 * @param messagesPerSecond the total rate over all devices
	 */
	public DeviceSimulator(SqsClient sqs, String queue, int devices, double messagesPerSecond) {
		this(new SqsTransport(sqs, queue), devices, messagesPerSecond);
	}

	private DeviceSimulator(Transport transport, int devices, double messagesPerSecond) {
		this.transport = transport;
		this.devices = devices;
		this.messagesPerSecond = messagesPerSecond;
		this.temperature = new double[devices];
		this.sequence = new long[devices];
		for (int i = 0; i < devices; i++) {
			this.temperature[i] = 18 + this.random.nextDouble(6);
		}
	}

	/**
	 * A simulator whose devices publish over MQTT with TLS and their own certificates,
	 * connected once this returns; it has not started sending yet.
	 * @param host the MQTT broker's host (the local run's, or an AWS IoT Core endpoint)
	 * @param port its MQTT over TLS port
	 * @param certificates the directory holding {@code ca.crt} and each device's
	 * {@code <thing name>.crt} and {@code <thing name>.key}
	 * @param devices how many devices, named by {@link #thingName(int)}
	 * @param messagesPerSecond the total rate over all devices
	 * @return the simulator
	 */
	public static DeviceSimulator overMqtt(String host, int port, Path certificates, int devices,
			double messagesPerSecond) {
		List<String> things = IntStream.range(0, devices).mapToObj(DeviceSimulator::thingName).toList();
		return new DeviceSimulator(new MqttDevices(host, port, certificates, things), devices, messagesPerSecond);
	}

	/**
	 * The thing name of simulated device {@code index}, which is also its device id.
	 * @param index from 0
	 * @return e.g. {@code sim-007}
	 */
	public static String thingName(int index) {
		return "sim-%03d".formatted(index);
	}

	/** Starts sending in the background, {@value #BATCH} readings at a time. */
	public void start() {
		if (this.devices == 0 || this.messagesPerSecond <= 0) {
			return;
		}
		long periodMicros = (long) (1_000_000 * BATCH / this.messagesPerSecond);
		this.scheduler.scheduleAtFixedRate(this::sendBatch, 0, Math.max(periodMicros, 1), TimeUnit.MICROSECONDS);
	}

	/**
	 * Readings accepted so far: acknowledged by the MQTT broker, or by SQS.
	 * @return the count
	 */
	public long sent() {
		return this.transport.accepted();
	}

	private void sendBatch() {
		try {
			List<SimulatedReading> readings = new ArrayList<>(BATCH);
			for (int i = 0; i < BATCH; i++) {
				readings.add(nextReading());
			}
			this.transport.send(readings);
		}
		catch (RuntimeException ex) {
			log.warn("Simulator could not send: {}", ex.getMessage());
		}
	}

	private SimulatedReading nextReading() {
		int device = this.random.nextInt(this.devices);
		this.temperature[device] += this.random.nextGaussian() * 0.1;
		long messageId = ++this.sequence[device];
		String deviceId = thingName(device);
		return new SimulatedReading(deviceId,
				"""
						{"deviceId":"%s","messageId":"%s-%d","timestamp":%d,\
						"readings":{"temperature":%.2f,"humidity":%.1f,"battery":%.3f},\
						"tags":{"site":"site-%d","model":"th-200"}}""".formatted(deviceId, this.run, messageId,
						this.clock.millis(), this.temperature[device], 40 + this.random.nextDouble(20),
						Math.max(0, 1 - messageId / 100_000.0), device % 5));
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.transport.close();
	}

}
