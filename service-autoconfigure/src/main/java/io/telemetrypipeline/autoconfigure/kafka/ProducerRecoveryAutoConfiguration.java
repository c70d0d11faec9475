package io.telemetrypipeline.autoconfigure.kafka;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Gives Spring Boot's {@code KafkaTemplate} the {@link RecoveringProducerListener}
 * instead of the plain logging one, so that a producer Kafka failed for good (e.g. for a
 * missing ACL) is replaced once the cause is fixed.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
public class ProducerRecoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ProducerListener.class)
	RecoveringProducerListener kafkaProducerListener(ObjectProvider<ProducerFactory<?, ?>> producerFactory) {
		return new RecoveringProducerListener(producerFactory);
	}

}
