package io.telemetrypipeline.admin.config;

import java.time.Duration;

import io.telemetrypipeline.model.PipelineNames;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of pipeline-admin ({@code telemetry.admin.*}), defaults in its
 * {@code application.yml}.
 *
 * @param group the Kafka consumer group whose committed offsets are a replay's progress
 * (one group for both replays: the offsets are per topic partition); the principal needs
 * {@code READ} on it
 * @param deadLetterQueue the SQS dead-letter queue of the ingest queue
 * @param batchSize records per replay batch: the records of a batch are acknowledged by
 * Kafka, then the batch's offsets are committed; a rerun after a crash sends at most one
 * batch again
 * @param pollTimeout how long one poll of a replay or inspection waits for records
 * @param sendTimeout how long a batch waits for Kafka's acknowledgements before the
 * replay gives up (nothing of that batch is committed)
 * @param progressInterval how often progress is written as a plain line when stderr is
 * not a terminal
 * @param sqsVisibilityTimeout how long a message received from the dead-letter queue
 * stays invisible while {@code inspect} reads it (its visibility is set back to 0 at once
 * after) or {@code redrive sqs} copies it
 */
@Validated
@ConfigurationProperties("telemetry.admin")
public record AdminProperties(@NotBlank String group,
		@DefaultValue(PipelineNames.INGEST_DEAD_LETTER_QUEUE) @NotBlank String deadLetterQueue, @Min(1) int batchSize,
		@NotNull Duration pollTimeout, @NotNull Duration sendTimeout, @NotNull Duration progressInterval,
		@NotNull Duration sqsVisibilityTimeout) {

}
