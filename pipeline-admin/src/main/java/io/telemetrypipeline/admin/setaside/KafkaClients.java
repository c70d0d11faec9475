package io.telemetrypipeline.admin.setaside;

import java.util.HashMap;
import java.util.Map;

import io.telemetrypipeline.admin.config.AdminProperties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * The Kafka clients of pipeline-admin, with every {@code spring.kafka.*} setting
 * (bootstrap servers, {@code SASL_SSL}, credentials, trust store) as Spring Boot resolved
 * it for its own factories, and the settings the tool's guarantees rest on forced: no
 * automatic commits, a reader with no group at all, and an idempotent producer with
 * {@code acks=all}.
 */
@Component
public class KafkaClients {

	private final Map<String, Object> consumerSettings;

	private final Map<String, Object> producerSettings;

	private final AdminProperties properties;

	KafkaClients(ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers, AdminProperties properties) {
		this.consumerSettings = Map.copyOf(consumers.getConfigurationProperties());
		this.producerSettings = Map.copyOf(producers.getConfigurationProperties());
		this.properties = properties;
	}

	/**
	 * A consumer without a group: it can only be assigned partitions and can commit
	 * nothing, so reading with it changes nothing on the broker.
	 * @return a new consumer; the caller closes it
	 */
	public Consumer<String, byte[]> reader() {
		Map<String, Object> settings = consumer();
		settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
		return new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
	}

	/**
	 * A consumer of {@code group} that is assigned partitions (it never joins the group)
	 * and commits only when told to.
	 * @param group the consumer group holding the progress
	 * @return a new consumer; the caller closes it
	 */
	public Consumer<String, byte[]> committer(String group) {
		Map<String, Object> settings = consumer();
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		// the classic protocol accepts an assigned consumer's commits to an empty group
		settings.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
		return new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
	}

	/**
	 * An idempotent producer whose records count as sent only when every in-sync replica
	 * has them.
	 * @return a new producer; the caller closes it
	 */
	public Producer<String, byte[]> producer() {
		Map<String, Object> settings = new HashMap<>(this.producerSettings);
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pipeline-admin");
		return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
	}

	private Map<String, Object> consumer() {
		Map<String, Object> settings = new HashMap<>(this.consumerSettings);
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.properties.batchSize());
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		settings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-admin");
		return settings;
	}

}
