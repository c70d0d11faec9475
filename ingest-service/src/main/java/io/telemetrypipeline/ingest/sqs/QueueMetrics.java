package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What ingest-service took from the queue: messages received, those SQS delivered more
 * than once, how long messages waited in SQS (the backlog's age), how long batches took
 * (bounded by their deadline) and the messages whose visibility a batch extended.
 */
@Component
class QueueMetrics {

	private final Counter received;

	private final Counter redelivered;

	private final Timer queueAge;

	private final Timer batches;

	private final Counter visibilityExtended;

	QueueMetrics(MeterRegistry registry) {
		this.received = Counter.builder("telemetry.ingest.messages.received")
			.description("SQS messages received, redeliveries included")
			.register(registry);
		this.redelivered = Counter.builder("telemetry.ingest.messages.redelivered")
			.description("SQS messages received more than once")
			.register(registry);
		this.queueAge = Timer.builder("telemetry.ingest.queue.age")
			.description("How long messages waited in SQS before ingest received them: the backlog's age")
			.publishPercentileHistogram()
			.register(registry);
		this.batches = Timer.builder("telemetry.ingest.batch.duration")
			.description("How long batches took from the listener getting them until each message's outcome was "
					+ "known, every Kafka call included: at most telemetry.ingest.publish-timeout")
			.publishPercentileHistogram()
			.register(registry);
		this.visibilityExtended = Counter.builder("telemetry.ingest.visibility.extended")
			.description("Messages whose visibility timeout a batch extended while still in flight")
			.register(registry);
	}

	Timer.Sample batchStarted() {
		return Timer.start();
	}

	void batchEnded(Timer.Sample sample) {
		sample.stop(this.batches);
	}

	void visibilityExtended(int count) {
		this.visibilityExtended.increment(count);
	}

	void received(int count) {
		this.received.increment(count);
	}

	void redelivered() {
		this.redelivered.increment();
	}

	void waited(Duration age) {
		this.queueAge.record(age.isNegative() ? Duration.ZERO : age);
	}

}
