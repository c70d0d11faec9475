package io.telemetrypipeline.persistence.consume;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The meters an operator watches to follow events into MongoDB, including the end-to-end
 * latency from the reading's arrival in SQS to its storage.
 */
@Component
class PersistenceMetrics {

	static final String INVALID_EVENT = "invalid-event";

	static final String WRITE_REJECTED = "write-rejected";

	private final Counter written;

	private final Counter duplicates;

	private final Counter deadLetteredInvalid;

	private final Counter deadLetteredRejected;

	private final Counter failedBatches;

	private final DistributionSummary batchSize;

	private final Timer endToEnd;

	PersistenceMetrics(MeterRegistry registry) {
		this.written = Counter.builder("telemetry.persistence.records.written")
			.description("Events stored in MongoDB for the first time")
			.register(registry);
		this.duplicates = Counter.builder("telemetry.persistence.records.duplicates")
			.description("Events that were already stored (redeliveries and duplicates), counted as success")
			.register(registry);
		this.deadLetteredInvalid = deadLettered(registry, INVALID_EVENT);
		this.deadLetteredRejected = deadLettered(registry, WRITE_REJECTED);
		this.failedBatches = Counter.builder("telemetry.persistence.batches.failed")
			.description("Batch write attempts that failed for a transient reason and will be retried")
			.register(registry);
		this.batchSize = DistributionSummary.builder("telemetry.persistence.batch.size")
			.description("Records per consumed batch")
			.baseUnit("records")
			.publishPercentileHistogram()
			.maximumExpectedValue(1000.0)
			.register(registry);
		this.endToEnd = Timer.builder("telemetry.pipeline.latency")
			.description("From the reading's arrival in SQS to MongoDB acknowledging its storage")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofMinutes(10))
			.register(registry);
	}

	private static Counter deadLettered(MeterRegistry registry, String reason) {
		return Counter.builder("telemetry.persistence.records.dead.lettered")
			.description("Records that can never be stored, published to the dead-letter topic")
			.tag("reason", reason)
			.register(registry);
	}

	void batch(int size) {
		this.batchSize.record(size);
	}

	void failedBatch() {
		this.failedBatches.increment();
	}

	void written(int count) {
		this.written.increment(count);
	}

	void duplicates(int count) {
		this.duplicates.increment(count);
	}

	void deadLettered(String reason) {
		(INVALID_EVENT.equals(reason) ? this.deadLetteredInvalid : this.deadLetteredRejected).increment();
	}

	void endToEnd(Duration latency) {
		this.endToEnd.record(latency.isNegative() ? Duration.ZERO : latency);
	}

}
