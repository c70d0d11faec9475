package io.telemetrypipeline.ingest.publish;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.ingest.parse.IdentityPolicy;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import io.telemetrypipeline.support.KafkaTopicsHealthIndicator;
import io.telemetrypipeline.support.TopicsProperties;
import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The parser with the configured limits and identity policy, the topics ingest-service
 * writes, and the Kafka readiness check, which also checks that ingest may write both
 * topics.
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

	@Bean
	@ConditionalOnBooleanProperty("telemetry.topics.create")
	KafkaAdmin.NewTopics ingestTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(topic(topics.events(), topics), topic(topics.rejected(), topics));
	}

	private static NewTopic topic(String name, TopicsProperties topics) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicationFactor()).build();
	}

	@Bean
	KafkaTopicsHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, TopicsProperties topics,
			IngestProperties properties) {
		// ingest writes both topics; with telemetry.topics.create=false it needs no
		// more: creating topics is the job of whoever administers Kafka
		return new KafkaTopicsHealthIndicator(kafkaAdmin,
				Map.of(topics.events(), Set.of(AclOperation.WRITE), topics.rejected(), Set.of(AclOperation.WRITE)),
				properties.healthTimeout());
	}

}
