package io.telemetrypipeline.autoconfigure.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.telemetrypipeline.model.PipelineNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The auto-configuration on its own, in a context with no broker: which beans it declares
 * under which condition, what it binds, and that a service's own bean wins.
 */
class KafkaTopicsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTopicsAutoConfiguration.class,
				KafkaTopicsHealthContributorAutoConfiguration.class, ProducerRecoveryAutoConfiguration.class))
		// no broker here: KafkaAdmin must not try to create the declared topics
		.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.kafka.admin.auto-create=false");

	@Test
	void bindsTheTopicDefaultsWithoutAnyProperty() {
		this.runner.run((context) -> assertThat(context.getBean(TopicsProperties.class))
			.isEqualTo(new TopicsProperties(PipelineNames.EVENTS_TOPIC, PipelineNames.REJECTED_TOPIC,
					PipelineNames.DEAD_LETTER_TOPIC, true, 6, (short) 1, Duration.ofSeconds(3))));
	}

	@Test
	void bindsEachTopicProperty() {
		this.runner.withPropertyValues("telemetry.topics.events=a.events", "telemetry.topics.rejected=a.rejected",
				"telemetry.topics.dead-letter=a.dlt", "telemetry.topics.create=false", "telemetry.topics.partitions=12",
				"telemetry.topics.replication-factor=3", "telemetry.topics.health-timeout=750ms")
			.run((context) -> assertThat(context.getBean(TopicsProperties.class)).isEqualTo(new TopicsProperties(
					"a.events", "a.rejected", "a.dlt", false, 12, (short) 3, Duration.ofMillis(750))));
	}

	@Test
	void refusesToStartWithoutPartitions() {
		this.runner.withPropertyValues("telemetry.topics.partitions=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("telemetry.topics.partitions"));
	}

	@Test
	void theEventsPlaceholderResolvesToTheBoundName() {
		this.runner.run((context) -> assertThat(
				context.getEnvironment().resolvePlaceholders(TopicsProperties.EVENTS_PLACEHOLDER))
			.isEqualTo(TopicsProperties.EVENTS));
		this.runner.withPropertyValues("telemetry.topics.events=a.events")
			.run((context) -> assertThat(
					context.getEnvironment().resolvePlaceholders(TopicsProperties.EVENTS_PLACEHOLDER))
				.isEqualTo("a.events"));
	}

	@Test
	void withoutATopicUsageNeitherCreatesTopicsNorChecksThem() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(TopicsProperties.class)
			.doesNotHaveBean(KafkaAdmin.NewTopics.class)
			.doesNotHaveBean(KafkaTopicsHealthIndicator.class));
	}

	@Test
	void createsEachTopicAServiceWritesWithTheConfiguredPartitionsAndReplicas() {
		this.runner.withUserConfiguration(Producer.class)
			.withPropertyValues("telemetry.topics.partitions=3", "telemetry.topics.replication-factor=2")
			.run((context) -> assertThat(declared(context.getBean(KafkaAdmin.NewTopics.class)))
				.extracting(NewTopic::name, NewTopic::numPartitions, NewTopic::replicationFactor)
				.containsExactly(tuple(PipelineNames.EVENTS_TOPIC, 3, (short) 2),
						tuple(PipelineNames.REJECTED_TOPIC, 3, (short) 2)));
	}

	@Test
	void createsTheTopicsAConsumerReadsAndDeadLettersTo() {
		this.runner.withUserConfiguration(Consumer.class)
			.run((context) -> assertThat(declared(context.getBean(KafkaAdmin.NewTopics.class)))
				.extracting(NewTopic::name)
				.containsExactly(PipelineNames.EVENTS_TOPIC, PipelineNames.DEAD_LETTER_TOPIC));
	}

	@Test
	void createsNoTopicWhenCreationIsOff() {
		this.runner.withUserConfiguration(Producer.class)
			.withPropertyValues("telemetry.topics.create=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaAdmin.NewTopics.class)
				.hasSingleBean(KafkaTopicsHealthIndicator.class));
	}

	@Test
	void checksExactlyTheOperationsTheServiceDeclares() {
		this.runner.withUserConfiguration(Consumer.class)
			.withPropertyValues("telemetry.topics.health-timeout=750ms")
			.run((context) -> {
				assertThat(context).hasBean("kafkaHealthIndicator");
				KafkaTopicsHealthIndicator indicator = context.getBean(KafkaTopicsHealthIndicator.class);
				assertThat(indicator).extracting("required")
					.isEqualTo(Map.of(PipelineNames.EVENTS_TOPIC, Set.of(AclOperation.READ),
							PipelineNames.DEAD_LETTER_TOPIC, Set.of(AclOperation.WRITE)));
				assertThat(indicator).extracting("timeout").isEqualTo(Duration.ofMillis(750));
			});
	}

	@Test
	void theServicesOwnBeansWin() {
		this.runner.withUserConfiguration(Producer.class, OwnBeans.class).run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaTopicsHealthIndicator.class)
				.doesNotHaveBean(RecoveringProducerListener.class);
			assertThat(context.getBean("kafkaHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Health.up().build().getStatus());
			assertThat(declared(context.getBean("telemetryTopics", KafkaAdmin.NewTopics.class)))
				.extracting(NewTopic::name)
				.containsExactly("own");
			assertThat(context.getBean(ProducerListener.class)).isInstanceOf(LoggingProducerListener.class);
		});
	}

	@Test
	void noKafkaCheckWhenTheKafkaHealthIndicatorIsTurnedOff() {
		this.runner.withUserConfiguration(Producer.class)
			.withPropertyValues("management.health.kafka.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTopicsHealthIndicator.class)
				.hasSingleBean(KafkaAdmin.NewTopics.class));
	}

	@Test
	void noKafkaCheckWithoutActuator() {
		this.runner.withUserConfiguration(Producer.class)
			.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTopicsHealthIndicator.class)
				.hasSingleBean(KafkaAdmin.NewTopics.class));
	}

	@Test
	void nothingWithoutSpringKafka() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaTopicsAutoConfiguration.class,
					KafkaTopicsHealthContributorAutoConfiguration.class, ProducerRecoveryAutoConfiguration.class))
			.withUserConfiguration(Producer.class)
			.withClassLoader(new FilteredClassLoader(KafkaAdmin.class, KafkaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TopicsProperties.class)
				.doesNotHaveBean(KafkaAdmin.NewTopics.class)
				.doesNotHaveBean(KafkaTopicsHealthIndicator.class)
				.doesNotHaveBean(RecoveringProducerListener.class));
	}

	@Test
	void kafkaTemplateReplacesAProducerKafkaFailedForGood() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RecoveringProducerListener.class);
			assertThat(context.getBean(KafkaTemplate.class)).extracting("producerListener")
				.isSameAs(context.getBean(RecoveringProducerListener.class));
		});
	}

	private static Collection<? extends NewTopic> declared(KafkaAdmin.NewTopics topics) {
		return assertThat(topics).extracting("newTopics", InstanceOfAssertFactories.collection(NewTopic.class))
			.actual();
	}

	@Configuration(proxyBeanMethods = false)
	static class Producer {

		@Bean
		TopicUsage producerTopics() {
			return TopicUsage.writing(TopicsProperties.EVENTS, TopicsProperties.REJECTED);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Consumer {

		@Bean
		TopicUsage consumerTopics() {
			return TopicUsage.reading(TopicsProperties.EVENTS).andWriting(TopicsProperties.DEAD_LETTER);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean
		HealthIndicator kafkaHealthIndicator() {
			return () -> Health.up().build();
		}

		@Bean
		KafkaAdmin.NewTopics telemetryTopics() {
			return new KafkaAdmin.NewTopics(TopicBuilder.name("own").build());
		}

		@Bean
		ProducerListener<Object, Object> producerListener() {
			return new LoggingProducerListener<>();
		}

	}

}
