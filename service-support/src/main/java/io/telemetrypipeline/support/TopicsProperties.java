package io.telemetrypipeline.support;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka topics of the pipeline ({@code telemetry.topics.*}), the same for both
 * services.
 *
 * @param events canonical telemetry events, keyed by device id
 * @param rejected input that failed validation: the original body with the reason in
 * headers
 * @param deadLetter events that can never be stored, with the failure in headers
 * @param create whether each service creates the topics it writes at startup (turn off
 * where topics are managed outside the application, e.g. Confluent Cloud with ACLs)
 * @param partitions partitions of created topics; the upper bound of consumer parallelism
 * @param replicationFactor replication factor of created topics
 */
@Validated
@ConfigurationProperties("telemetry.topics")
public record TopicsProperties(@NotBlank String events, @NotBlank String rejected, @NotBlank String deadLetter,
		boolean create, @Min(1) int partitions, @Min(1) short replicationFactor) {

}
