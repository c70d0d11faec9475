package io.telemetrypipeline.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import lombok.extern.slf4j.Slf4j;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Writes readings straight into the ingest queue, in batches, as the IoT rule would write
 * them (see {@link SimulatedReading#asRuleMessage()}): for a run without an MQTT broker,
 * e.g. docker compose.
 */
@Slf4j
final class SqsTransport implements Transport {

	private final SqsClient sqs;

	private final String queueUrl;

	private final AtomicLong accepted = new AtomicLong();

	SqsTransport(SqsClient sqs, String queue) {
		this.sqs = sqs;
		this.queueUrl = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
	}

	@Override
	public void send(List<SimulatedReading> readings) {
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>(readings.size());
		for (SimulatedReading reading : readings) {
			entries.add(SendMessageBatchRequestEntry.builder()
				.id("e" + entries.size())
				.messageBody(reading.asRuleMessage())
				.build());
		}
		try {
			this.sqs.sendMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(entries));
			this.accepted.addAndGet(entries.size());
		}
		catch (RuntimeException ex) {
			log.warn("Simulator could not send to SQS: {}", ex.getMessage());
		}
	}

	@Override
	public long accepted() {
		return this.accepted.get();
	}

	@Override
	public void close() {
	}

}
