package io.telemetrypipeline.autoconfigure.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The {@code kafka} health contributor: a {@link KafkaTopicsHealthIndicator} of the
 * topics in the service's {@link TopicUsage}, bounded by
 * {@code telemetry.topics.health-timeout}. Services put it in their readiness group.
 * Turned off with {@code management.health.kafka.enabled=false}; a bean named
 * {@code kafkaHealthIndicator} of the service's own replaces it.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, KafkaTopicsAutoConfiguration.class })
@ConditionalOnClass({ KafkaAdmin.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ KafkaAdmin.class, TopicUsage.class })
@ConditionalOnEnabledHealthIndicator("kafka")
@EnableConfigurationProperties(TopicsProperties.class)
public class KafkaTopicsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "kafkaHealthIndicator", "kafkaHealthContributor" })
	KafkaTopicsHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, TopicUsage usage, TopicsProperties topics) {
		return new KafkaTopicsHealthIndicator(kafkaAdmin, usage.requiredOperations(), topics.healthTimeout());
	}

}
