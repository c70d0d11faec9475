package io.telemetrypipeline.persistence.consume;

import java.util.Map;

import io.telemetrypipeline.autoconfigure.kafka.TopicUsage;
import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
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
	 * @return the customizer that makes the listener containers commit asynchronously
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

	/**
	 * Persistence reads the events topic and writes dead letters; the auto-configuration
	 * creates both topics and checks readiness against them.
	 * @param topics the topic names
	 * @return the events topic, read, and the dead-letter topic, written
	 */
	@Bean
	TopicUsage persistenceTopics(TopicsProperties topics) {
		return TopicUsage.reading(topics.events()).andWriting(topics.deadLetter());
	}

}
