package io.telemetrypipeline.admin.config;

import java.time.Clock;

import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.model.PipelineNames;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The settings pipeline-admin shares with ingest-service, under the same keys
 * ({@code telemetry.ingest.*}, so one ConfigMap or set of environment variables serves
 * both): the ingest queue, which {@code redrive sqs} sends back to, and the validation
 * limits and identity policy with which {@code replay rejected} parses as ingest-service
 * does. The defaults in pipeline-admin's {@code application.yml} are ingest-service's.
 *
 * @param queue the ingest queue
 * @param validation the validation limits, as ingest-service binds them
 * @param identity which authenticated identity a reading's device id must equal
 * @param identityTopicSegment for {@code topic-segment}, the segment holding the device
 * id
 */
@Validated
@ConfigurationProperties("telemetry.ingest")
public record ParserProperties(@DefaultValue(PipelineNames.INGEST_QUEUE) @NotBlank String queue,
		@Valid @NotNull IngestProperties.Validation validation, @NotNull IdentityPolicy.Source identity,
		@Min(1) int identityTopicSegment) {

	/**
	 * The current parser: ingest-service's, with these limits and this identity policy.
	 * @return a new parser
	 */
	public TelemetryParser parser() {
		return new TelemetryParser(this.validation.toLimits(),
				new IdentityPolicy(this.identity, this.identityTopicSegment), Clock.systemUTC());
	}

}
