package io.telemetrypipeline.ingest.sqs;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.micrometer.observation.ObservationRegistry;
import io.telemetrypipeline.ingest.config.IngestProperties;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SQS listener container: manual acknowledgement, executed immediately (not batched
 * on a timer) so a message is deleted as soon as Kafka acknowledged it; the system
 * attributes the pipeline needs; bounded concurrency; graceful shutdown. Also the SQS
 * readiness check.
 */
@Configuration(proxyBeanMethods = false)
class SqsListenerConfiguration {

	@Bean
	SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(SqsAsyncClient sqsAsyncClient,
			IngestProperties properties, ObservationRegistry observationRegistry) {
		IngestProperties.Listener listener = properties.listener();
		return SqsMessageListenerContainerFactory.builder().sqsAsyncClient(sqsAsyncClient).configure((options) -> {
			if (listener.visibilityTimeout() != null) {
				options.messageVisibility(listener.visibilityTimeout());
			}
			options.acknowledgementMode(AcknowledgementMode.MANUAL)
				.acknowledgementInterval(java.time.Duration.ZERO)
				.acknowledgementThreshold(0)
				.maxMessagesPerPoll(listener.maxMessagesPerPoll())
				.maxConcurrentMessages(listener.maxConcurrentMessages())
				.pollTimeout(listener.pollTimeout())
				.listenerShutdownTimeout(listener.shutdownTimeout())
				.acknowledgementShutdownTimeout(listener.shutdownTimeout())
				.messageSystemAttributeNames(List.of(MessageSystemAttributeName.SENT_TIMESTAMP,
						MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
						// required by the listener on FIFO queues
						MessageSystemAttributeName.MESSAGE_GROUP_ID))
				.observationRegistry(observationRegistry);
		}).build();
	}

	@Bean
	HealthIndicator sqsHealthIndicator(SqsAsyncClient sqsAsyncClient, IngestProperties properties) {
		return new AbstractHealthIndicator("SQS health check failed") {

			@Override
			protected void doHealthCheck(Health.Builder builder) throws Exception {
				String url = sqsAsyncClient.getQueueUrl((request) -> request.queueName(properties.queue()))
					.get(properties.healthTimeout().toMillis(), TimeUnit.MILLISECONDS)
					.queueUrl();
				builder.up().withDetail("queue", url);
			}

		};
	}

}
