package io.telemetrypipeline.persistence.consume;

import java.util.Map;
import java.util.Set;

import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.support.KafkaTopicsHealthIndicator;
import io.telemetrypipeline.support.TopicsProperties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Error handling of the consumer, following spring-kafka's idiom: a
 * {@link DefaultErrorHandler} retries a failed batch, whatever the exception, with
 * exponential back-off and no limit (a transient MongoDB failure must never lose or
 * dead-letter a reading), and a {@link DeadLetterPublishingRecoverer} writes records that
 * can never be stored to the dead-letter topic with the failure in its standard
 * {@code kafka_dlt-*} headers.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

	@Bean
	DefaultErrorHandler kafkaErrorHandler(PersistenceProperties properties) {
		ExponentialBackOff backOff = new ExponentialBackOff(properties.retry().initialInterval().toMillis(),
				properties.retry().multiplier());
		backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
		// Bad records never reach the error handler (the listener dead-letters them), so
		// whatever it sees is a failure of MongoDB, Kafka or the code: retry every type,
		// never skip a batch.
		handler.setClassifications(Map.of(), true);
		return handler;
	}

	/**
	 * Commits each batch's offsets without waiting for the broker's answer: the commit is
	 * still sent only after MongoDB acknowledged the batch, and a commit that is lost
	 * only means a redelivery, which the event id absorbs. The consumer never idles on a
	 * commit round trip.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> asynchronousCommits() {
		return (container) -> container.getContainerProperties().setSyncCommits(false);
	}

	@Bean
	DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaOperations<Object, Object> kafka,
			TopicsProperties topics) {
		// partition -1: Kafka picks it from the key, so the dead-letter topic needs no
		// particular partition count
		return new DeadLetterPublishingRecoverer(kafka,
				(record, failure) -> new TopicPartition(topics.deadLetter(), -1));
	}

	@Bean
	@ConditionalOnBooleanProperty("telemetry.topics.create")
	KafkaAdmin.NewTopics persistenceTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(
				TopicBuilder.name(topics.events())
					.partitions(topics.partitions())
					.replicas(topics.replicationFactor())
					.build(),
				TopicBuilder.name(topics.deadLetter())
					.partitions(topics.partitions())
					.replicas(topics.replicationFactor())
					.build());
	}

	@Bean
	KafkaTopicsHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, TopicsProperties topics,
			PersistenceProperties properties) {
		return new KafkaTopicsHealthIndicator(kafkaAdmin,
				Map.of(topics.events(), Set.of(AclOperation.READ), topics.deadLetter(), Set.of(AclOperation.WRITE)),
				properties.healthTimeout());
	}

}
