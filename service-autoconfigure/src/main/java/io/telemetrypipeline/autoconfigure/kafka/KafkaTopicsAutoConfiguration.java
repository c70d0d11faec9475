package io.telemetrypipeline.autoconfigure.kafka;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Binds {@link TopicsProperties} and, unless {@code telemetry.topics.create=false},
 * declares each topic of the service's {@link TopicUsage}, with the configured partitions
 * and replication factor, for Spring Boot's {@link KafkaAdmin} to create at startup.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({ KafkaAdmin.class, NewTopic.class })
@EnableConfigurationProperties(TopicsProperties.class)
public class KafkaTopicsAutoConfiguration {

	@Bean
	@ConditionalOnBean(TopicUsage.class)
	@ConditionalOnBooleanProperty(name = "telemetry.topics.create", matchIfMissing = true)
	@ConditionalOnMissingBean(name = "telemetryTopics")
	KafkaAdmin.NewTopics telemetryTopics(TopicUsage usage, TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(usage.requiredOperations()
			.keySet()
			.stream()
			.map((name) -> TopicBuilder.name(name)
				.partitions(topics.partitions())
				.replicas(topics.replicationFactor())
				.build())
			.toArray(NewTopic[]::new));
	}

}
