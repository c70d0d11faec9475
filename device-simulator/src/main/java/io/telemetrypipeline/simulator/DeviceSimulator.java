package io.telemetrypipeline.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A fleet of simulated devices writing readings to the ingest queue as an AWS IoT rule
 * would: the device's JSON payload enriched with {@code topic} and {@code clientId}. Each
 * device reports temperature, humidity and battery that drift realistically, with a
 * per-device message counter (prefixed by the run) as {@code messageId}.
 */
@Slf4j
public final class DeviceSimulator implements AutoCloseable {

	private final SqsClient sqs;

	private final String queueUrl;

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

	private final AtomicLong sent = new AtomicLong();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "device-simulator");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * A simulator that has not started sending yet.
	 * @param sqs the client to send with
	 * @param queue the ingest queue's name
	 * @param devices how many devices
	 * @param messagesPerSecond the total rate over all devices
	 */
	public DeviceSimulator(SqsClient sqs, String queue, int devices, double messagesPerSecond) {
		this.sqs = sqs;
		this.queueUrl = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
		this.devices = devices;
		this.messagesPerSecond = messagesPerSecond;
		this.temperature = new double[devices];
		this.sequence = new long[devices];
		for (int i = 0; i < devices; i++) {
			this.temperature[i] = 18 + this.random.nextDouble(6);
		}
	}

	/** Starts sending in the background, in batches of 10. */
	public void start() {
		if (this.devices == 0 || this.messagesPerSecond <= 0) {
			return;
		}
		long periodMicros = (long) (1_000_000 * 10 / this.messagesPerSecond);
		this.scheduler.scheduleAtFixedRate(this::sendBatch, 0, Math.max(periodMicros, 1), TimeUnit.MICROSECONDS);
	}

	/**
	 * Messages SQS accepted so far.
	 * @return the count
	 */
	public long sent() {
		return this.sent.get();
	}

	private void sendBatch() {
		try {
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
			for (int i = 0; i < 10; i++) {
				entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(nextReading()).build());
			}
			this.sqs.sendMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(entries));
			this.sent.addAndGet(entries.size());
		}
		catch (RuntimeException ex) {
			log.warn("Simulator could not send to SQS: {}", ex.getMessage());
		}
	}

	private String nextReading() {
		int device = this.random.nextInt(this.devices);
		this.temperature[device] += this.random.nextGaussian() * 0.1;
		long messageId = ++this.sequence[device];
		String deviceId = "sim-%03d".formatted(device);
		return """
				{"deviceId":"%s","messageId":"%s-%d","timestamp":%d,\
				"readings":{"temperature":%.2f,"humidity":%.1f,"battery":%.3f},\
				"tags":{"site":"site-%d","model":"th-200"},\
				"topic":"devices/%s/telemetry","clientId":"%s"}""".formatted(deviceId, this.run, messageId,
				this.clock.millis(), this.temperature[device], 40 + this.random.nextDouble(20),
				Math.max(0, 1 - messageId / 100_000.0), device % 5, deviceId, deviceId);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
