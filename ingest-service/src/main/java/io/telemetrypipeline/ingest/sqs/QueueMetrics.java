package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What ingest-service took from the queue: messages received, those SQS delivered more
 * than once, and how long messages waited in SQS (the backlog's age).
 */
@Component
class QueueMetrics {

	private final Counter received;

	private final Counter redelivered;

	private final Timer queueAge;

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
