package io.telemetrypipeline.ingest.config;

import java.time.Duration;

import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.ValidationLimits;
import io.telemetrypipeline.model.PipelineNames;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of ingest-service ({@code telemetry.ingest.*}).
 *
 * @param queue the SQS queue the AWS IoT rule writes to, {@value #DEFAULT_QUEUE} unless
 * set
 * @param publishTimeout the deadline of a batch, from the moment the listener gets it:
 * every call it makes to Kafka, one the producer blocks in ({@code max.block.ms})
 * included, ends within it; messages Kafka did not acknowledge by then stay on the queue
 * and are redelivered. With the listener's visibility margin it must stay below the
 * visibility timeout
 * @param healthTimeout bound of the SQS readiness check (the Kafka check has its own,
 * {@code telemetry.topics.health-timeout})
 * @param listener the SQS listener
 * @param validation the input validation limits
 * @param identity which authenticated identity a reading's device id must equal:
 * {@code client-id} (the {@code clientId} the IoT rule added), {@code topic-segment} (a
 * segment of the {@code topic} the IoT rule added) or {@code payload} (none: the payload
 * is trusted); a reading that does not match is rejected as {@code identity-mismatch}
 * @param identityTopicSegment for {@code topic-segment}, the segment holding the device
 * id, numbered from 1 as the IoT rule's {@code topic(n)} numbers them
 */
@Validated
@ConfigurationProperties("telemetry.ingest")
public record IngestProperties(@DefaultValue(IngestProperties.DEFAULT_QUEUE) @NotBlank String queue,
		@NotNull Duration publishTimeout, @NotNull Duration healthTimeout, @Valid Listener listener,
		@Valid Validation validation, @NotNull IdentityPolicy.Source identity, @Min(1) int identityTopicSegment) {

	/** Default name of the queue the AWS IoT rule writes to. */
	public static final String DEFAULT_QUEUE = PipelineNames.INGEST_QUEUE;

	/**
	 * Placeholder of the queue's name, for annotations such as
	 * {@code @SqsListener(value = ...)}, resolved as this record binds it.
	 */
	public static final String QUEUE_PLACEHOLDER = "${telemetry.ingest.queue:" + DEFAULT_QUEUE + "}";

	/**
	 * Whether a batch's deadline plus the visibility margin is below the visibility
	 * timeout the listener sets, so that SQS never hands out a message again while its
	 * batch is still in flight; {@code true} when the listener keeps the queue's own
	 * visibility timeout, which only SQS knows (batches then extend their visibility as
	 * they need).
	 * @return whether the settings are consistent
	 */
	@AssertTrue(message = "telemetry.ingest.publish-timeout plus telemetry.ingest.listener.visibility-margin must be "
			+ "below telemetry.ingest.listener.visibility-timeout: SQS would hand out messages again while their "
			+ "batch is still in flight. Lower the publish timeout or the margin, or raise the visibility timeout")
	public boolean isDeadlineBelowVisibilityTimeout() {
		if (this.publishTimeout == null || this.listener == null || this.listener.visibilityTimeout() == null
				|| this.listener.visibilityMargin() == null) {
			return true;
		}
		Duration needed = this.publishTimeout.plus(this.listener.visibilityMargin());
		return needed.compareTo(this.listener.visibilityTimeout()) < 0;
	}

	/**
	 * Whether the queue is a FIFO queue (its name ends in {@code .fifo}): message group =
	 * device, and per-group order is kept.
	 * @return {@code true} for a FIFO queue
	 */
	public boolean fifoQueue() {
		return this.queue.endsWith(".fifo");
	}

	/**
	 * The identity policy the parser applies.
	 * @return the policy
	 */
	public IdentityPolicy identityPolicy() {
		return new IdentityPolicy(this.identity, this.identityTopicSegment);
	}

	/**
	 * The SQS listener.
	 *
	 * @param maxMessagesPerPoll messages per batch; SQS returns at most 10 per receive
	 * call, so above 10 the listener combines several receive calls into one batch
	 * @param maxConcurrentMessages messages in flight per instance, across all batches; a
	 * multiple of {@code maxMessagesPerPoll}. On a standard queue batches are independent
	 * (SQS keeps no order there); on a FIFO queue each batch holds one message group
	 * (device) and groups run in parallel, each in order
	 * @param pollTimeout long-polling wait of each receive call
	 * @param shutdownTimeout how long shutdown waits for in-flight batches
	 * @param visibilityTimeout visibility timeout of received messages; {@code null} uses
	 * the queue's own
	 * @param visibilityMargin how long a batch's messages stay invisible beyond its
	 * deadline: time between the receive and the listener, and the delete call. A batch
	 * that would otherwise become visible before its deadline plus this margin (it waited
	 * before the listener got it, or the queue's own visibility timeout is shorter)
	 * extends its messages' visibility once, at half the visibility timeout, to exactly
	 * that
	 * @param acknowledgementInterval on a standard queue, how long acknowledged messages
	 * wait to be deleted together (up to 10 per SQS call) unless 10 are ready earlier; a
	 * delete that never happens only causes a redelivery, which the event id absorbs.
	 * FIFO queues delete each batch's acknowledged prefix at once.
	 */
	public record Listener(@Min(1) int maxMessagesPerPoll, @Min(1) int maxConcurrentMessages,
			@NotNull Duration pollTimeout, @NotNull Duration shutdownTimeout, Duration visibilityTimeout,
			@NotNull Duration visibilityMargin, @NotNull Duration acknowledgementInterval) {
	}

	/**
	 * The input validation limits.
	 *
	 * @param maxPayloadBytes largest accepted message body
	 * @param maxReadings most readings per message
	 * @param maxTags most tags per message
	 * @param maxTagValueLength longest tag value, in code points
	 * @param maxTopicLength longest {@code topic}, in code points
	 * @param maxClientIdLength longest {@code clientId}, in code points
	 * @param maxStringLength longest JSON string or property name anywhere in the body,
	 * in characters
	 * @param maxNestingDepth deepest nesting of JSON objects and arrays
	 * @param maxNumberLength longest JSON number literal, in characters
	 * @param maxClockSkew how far in the future a measurement timestamp may be
	 * @param maxRejectedBodyBytes how much of a rejected body the rejected topic keeps; a
	 * longer body is truncated, its full length and SHA-256 in headers. Well below
	 * Kafka's {@code max.request.size}, so a rejected message is always publishable
	 */
	public record Validation(@Min(1) int maxPayloadBytes, @Min(1) int maxReadings, @Min(0) int maxTags,
			@Min(1) int maxTagValueLength, @Min(1) int maxTopicLength, @Min(1) int maxClientIdLength,
			@Min(1) int maxStringLength, @Min(2) int maxNestingDepth, @Min(1) int maxNumberLength,
			@NotNull Duration maxClockSkew, @Min(1) int maxRejectedBodyBytes) {

		public ValidationLimits toLimits() {
			return new ValidationLimits(this.maxPayloadBytes, this.maxReadings, this.maxTags, this.maxTagValueLength,
					this.maxTopicLength, this.maxClientIdLength, this.maxStringLength, this.maxNestingDepth,
					this.maxNumberLength, ValidationLimits.DEFAULT_EARLIEST_TIMESTAMP, this.maxClockSkew);
		}

	}

}
