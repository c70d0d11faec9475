package io.telemetrypipeline.autoconfigure.kafka;

import java.time.Duration;

import io.telemetrypipeline.model.PipelineNames;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka topics of the pipeline ({@code telemetry.topics.*}), the same for both
 * services. The default topic names are defined here and nowhere else.
 *
 * @param events canonical telemetry events, keyed by device id
 * @param rejected input that failed validation: the original body with the reason in
 * headers
 * @param deadLetter events that can never be stored, with the failure in headers
 * @param create whether each service creates the topics it uses at startup (turn off
 * where topics are managed outside the application, e.g. Confluent Cloud with ACLs)
 * @param partitions partitions of created topics; the upper bound of consumer parallelism
 * @param replicationFactor replication factor of created topics
 * @param healthTimeout bound of each Kafka readiness check
 */
@Validated
@ConfigurationProperties("telemetry.topics")
public record TopicsProperties(@DefaultValue(TopicsProperties.EVENTS) @NotBlank String events,
		@DefaultValue(TopicsProperties.REJECTED) @NotBlank String rejected,
		@DefaultValue(TopicsProperties.DEAD_LETTER) @NotBlank String deadLetter, @DefaultValue("true") boolean create,
		@DefaultValue(TopicsProperties.DEFAULT_PARTITIONS) @Min(1) int partitions,
		@DefaultValue("1") @Min(1) short replicationFactor, @DefaultValue("3s") @NotNull Duration healthTimeout) {

	/**
	 * Default partition count of created topics: the upper bound of persistence-service's
	 * parallelism, which the autoscaling of every Kubernetes overlay is capped at.
	 */
	public static final String DEFAULT_PARTITIONS = "6";

	/** Default name of the events topic. */
	public static final String EVENTS = PipelineNames.EVENTS_TOPIC;

	/** Default name of the topic of rejected input. */
	public static final String REJECTED = PipelineNames.REJECTED_TOPIC;

	/** Default name of the dead-letter topic of events that can never be stored. */
	public static final String DEAD_LETTER = PipelineNames.DEAD_LETTER_TOPIC;

	/**
	 * Placeholder of the events topic's name, for annotations such as
	 * {@code @KafkaListener(topics = ...)}, resolved as this record binds it.
	 */
	public static final String EVENTS_PLACEHOLDER = "${telemetry.topics.events:" + EVENTS + "}";

}
