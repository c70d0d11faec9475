package io.telemetrypipeline.ingest.config;

import java.time.Duration;

import io.telemetrypipeline.model.ValidationLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of ingest-service ({@code telemetry.ingest.*}).
 *
 * @param queue the SQS queue the AWS IoT rule writes to
 * @param publishTimeout how long a batch waits for Kafka to acknowledge its records;
 * messages not acknowledged by then stay on the queue and are redelivered
 * @param healthTimeout bound of each readiness check of SQS and Kafka
 * @param listener the SQS listener
 * @param validation the input validation limits
 */
@Validated
@ConfigurationProperties("telemetry.ingest")
public record IngestProperties(@NotBlank String queue, @NotNull Duration publishTimeout,
		@NotNull Duration healthTimeout, @Valid Listener listener, @Valid Validation validation) {

	/**
	 * The SQS listener.
	 *
	 * @param maxMessagesPerPoll messages per receive call (SQS allows 1 to 10)
	 * @param maxConcurrentMessages messages in flight per instance; equal to
	 * {@code maxMessagesPerPoll} means one batch at a time, which keeps per-device order
	 * within an instance; higher values process several batches in parallel
	 * @param pollTimeout long-polling wait of each receive call
	 * @param shutdownTimeout how long shutdown waits for in-flight batches
	 * @param visibilityTimeout visibility timeout of received messages; {@code null} uses
	 * the queue's own
	 */
	public record Listener(@Min(1) @Max(10) int maxMessagesPerPoll, @Min(1) int maxConcurrentMessages,
			@NotNull Duration pollTimeout, @NotNull Duration shutdownTimeout, Duration visibilityTimeout) {
	}

	/**
	 * The input validation limits.
	 *
	 * @param maxPayloadBytes largest accepted message body
	 * @param maxReadings most readings per message
	 * @param maxTags most tags per message
	 * @param maxTagValueLength longest tag value
	 * @param maxClockSkew how far in the future a measurement timestamp may be
	 */
	public record Validation(@Min(1) int maxPayloadBytes, @Min(1) int maxReadings, @Min(0) int maxTags,
			@Min(1) int maxTagValueLength, @NotNull Duration maxClockSkew) {

		public ValidationLimits toLimits() {
			return new ValidationLimits(this.maxPayloadBytes, this.maxReadings, this.maxTags, this.maxTagValueLength,
					ValidationLimits.defaults().earliestTimestamp(), this.maxClockSkew);
		}

	}

}
