package io.telemetrypipeline.ingest.publish;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetrypipeline.ingest.parse.RejectionReason;

import org.springframework.stereotype.Component;

/**
 * What became of the messages ingest-service published: valid readings acknowledged on
 * the events topic, invalid input acknowledged on the rejected topic (per reason), and
 * messages Kafka did not acknowledge. Every rejection reason is registered up front, so
 * dashboards and alerts see zeros rather than missing series.
 */
@Component
class PublishMetrics {

	private final Counter published;

	private final Counter failed;

	private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);

	PublishMetrics(MeterRegistry registry) {
		this.published = Counter.builder("telemetry.ingest.messages.published")
			.description("Valid readings acknowledged by Kafka on the events topic")
			.register(registry);
		this.failed = Counter.builder("telemetry.ingest.messages.failed")
			.description("Messages Kafka did not acknowledge, left on the queue for redelivery")
			.register(registry);
		for (RejectionReason reason : RejectionReason.values()) {
			this.rejected.put(reason,
					Counter.builder("telemetry.ingest.messages.rejected")
						.description("Invalid messages acknowledged by Kafka on the rejected topic")
						.tag("reason", reason.code())
						.register(registry));
		}
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
