package io.telemetrypipeline.ingest.publish;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.telemetrypipeline.ingest.parse.RejectionReason;

import org.springframework.stereotype.Component;

/**
 * The counters an operator watches to follow messages through ingest-service. Every
 * rejection reason is registered up front, so dashboards and alerts see zeros rather than
 * missing series.
 */
@Component
public class IngestMetrics {

	private final Counter received;

	private final Counter redelivered;

	private final Counter published;

	private final Counter failed;

	private final Timer queueAge;

	private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);

	IngestMetrics(MeterRegistry registry) {
		this.received = Counter.builder("telemetry.ingest.messages.received")
			.description("SQS messages received, redeliveries included")
			.register(registry);
		this.redelivered = Counter.builder("telemetry.ingest.messages.redelivered")
			.description("SQS messages received more than once")
			.register(registry);
		this.published = Counter.builder("telemetry.ingest.messages.published")
			.description("Valid readings acknowledged by Kafka on the events topic")
			.register(registry);
		this.failed = Counter.builder("telemetry.ingest.messages.failed")
			.description("Messages Kafka did not acknowledge, left on the queue for redelivery")
			.register(registry);
		this.queueAge = Timer.builder("telemetry.ingest.queue.age")
			.description("How long messages waited in SQS before ingest received them: the backlog's age")
			.publishPercentileHistogram()
			.register(registry);
		for (RejectionReason reason : RejectionReason.values()) {
			this.rejected.put(reason,
					Counter.builder("telemetry.ingest.messages.rejected")
						.description("Invalid messages acknowledged by Kafka on the rejected topic")
						.tag("reason", reason.code())
						.register(registry));
		}
	}

	void received(int count) {
		this.received.increment(count);
	}

	/** Counts one message that SQS delivered more than once. */
	public void redelivered() {
		this.redelivered.increment();
	}

	/**
	 * Records how long a message waited in SQS, from its sent timestamp to its receipt.
	 * @param age the wait
	 */
	public void waited(Duration age) {
		this.queueAge.record(age.isNegative() ? Duration.ZERO : age);
	}

	void published() {
		this.published.increment();
	}

	void rejected(RejectionReason reason) {
		this.rejected.get(reason).increment();
	}

	void failed(int count) {
		this.failed.increment(count);
	}

}
