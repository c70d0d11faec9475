package io.telemetrypipeline.ingest.sqs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.micrometer.observation.ObservationRegistry;
import io.telemetrypipeline.ingest.config.IngestProperties;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SQS listener container: manual acknowledgement after Kafka acknowledged; on a
 * standard queue the deletes are batched (10 per call, or after the acknowledgement
 * interval) and executed off the listener's path, on a FIFO queue at once; the system
 * attributes the pipeline needs; many batches in flight; graceful shutdown. Also the SQS
 * client's HTTP client and the SQS readiness check.
 */
@Configuration(proxyBeanMethods = false)
class SqsListenerConfiguration {

	/** SQS deletes at most 10 messages per DeleteMessageBatch call. */
	private static final int MAX_MESSAGES_PER_DELETE = 10;

	/**
	 * SQS calls go through the AWS CRT HTTP client, whatever else is on the classpath:
	 * per message it costs about a quarter less CPU than the netty client
	 * (docs/benchmarks.md), and the SDK's request path is most of this service's CPU.
	 * <p>
	 * The CRT releases its native resources in a JVM shutdown hook of its own, which runs
	 * beside Spring's: on SIGTERM a receive or delete in flight then never completes, and
	 * the graceful shutdown waited out its whole timeout for the polls. This context
	 * holds a CRT shutdown reference (the CRT's own API for this) until Spring Boot has
	 * closed it, so the calls in flight complete first.
	 * @return the customizer of the SQS client spring-cloud-aws builds
	 */
	@Bean
	SqsAsyncClientCustomizer crtHttpClient() {
		CRT.acquireShutdownRef();
		SpringApplication.getShutdownHandlers().add(new CrtShutdownReference());
		return (builder) -> builder.httpClientBuilder(AwsCrtAsyncHttpClient.builder());
	}

	@Bean
	SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(SqsAsyncClient sqsAsyncClient,
			IngestProperties properties, ObservationRegistry observationRegistry) {
		IngestProperties.Listener listener = properties.listener();
		return SqsMessageListenerContainerFactory.builder().sqsAsyncClient(sqsAsyncClient).configure((options) -> {
			if (listener.visibilityTimeout() != null) {
				options.messageVisibility(listener.visibilityTimeout());
			}
			else {
				// the queue's own, read once at start: batches extend their visibility as
				// they need
				options.queueAttributeNames(List.of(QueueAttributeName.VISIBILITY_TIMEOUT));
			}
			options.acknowledgementMode(AcknowledgementMode.MANUAL);
			if (properties.fifoQueue()) {
				// at once: a message group's next messages wait for these deletes
				options.acknowledgementInterval(Duration.ZERO).acknowledgementThreshold(0);
			}
			else {
				options.acknowledgementInterval(listener.acknowledgementInterval())
					.acknowledgementThreshold(MAX_MESSAGES_PER_DELETE);
			}
			options.maxMessagesPerPoll(listener.maxMessagesPerPoll())
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

	/**
	 * Releases one CRT shutdown reference. One instance per reference taken: Spring
	 * Boot's shutdown handlers are a set, and a method reference is one object.
	 */
	private static final class CrtShutdownReference implements Runnable {

		@Override
		public void run() {
			CRT.releaseShutdownRef();
		}

	}

}
