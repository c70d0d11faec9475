package io.telemetrypipeline.ingest.publish;

import java.time.Clock;

import io.telemetrypipeline.autoconfigure.kafka.TopicUsage;
import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import lombok.extern.slf4j.Slf4j;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parser with the configured limits and identity policy, and the topics
 * ingest-service writes, which the shared auto-configuration creates and checks before
 * the service is ready.
 */
@Slf4j
@Configuration(proxyBeanMethods = false)
class PublishConfiguration {

	@Bean
	TelemetryParser telemetryParser(IngestProperties properties) {
		if (properties.identity() == IdentityPolicy.Source.PAYLOAD) {
			log.warn("telemetry.ingest.identity=payload: device ids are not checked against the identity AWS IoT "
					+ "authenticated, so any device can write readings under another device's id");
		}
		return new TelemetryParser(properties.validation().toLimits(), properties.identityPolicy(), Clock.systemUTC());
	}

	/**
	 * Ingest writes both topics and reads none; the auto-configuration creates them and
	 * checks readiness against them. With {@code telemetry.topics.create=false} ingest
	 * needs no more than WRITE: creating topics is the job of whoever administers Kafka.
	 * @param topics the topic names
	 * @return the events and rejected topics, written only
	 */
	@Bean
	TopicUsage ingestTopics(TopicsProperties topics) {
		return TopicUsage.writing(topics.events(), topics.rejected());
	}

}
