package io.telemetrypipeline.benchmarks;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.localrun.LocalPipeline;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;
import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.UrlResource;

/**
 * Settings the benchmark takes from the services' own configuration files (each one's
 * {@code application.yml}), so that the raw limits and the peer match what the services
 * do: ingest-service's Kafka producer settings and persistence-service's consumer count.
 */
final class ServiceDefaults {

	private static final String PRODUCER = "spring.kafka.producer.";

	private ServiceDefaults() {
	}

	/**
	 * ingest-service's producer settings: {@code acks}, {@code compression-type},
	 * {@code batch-size}, {@code buffer-memory} and every
	 * {@code spring.kafka.producer.properties.*} entry; no serializers or servers.
	 * @return each Kafka producer property with its value
	 */
	static Map<String, String> ingestProducer() {
		Properties properties = load(IngestServiceApplication.class);
		Map<String, String> settings = new TreeMap<>();
		// YAML numbers and booleans stay Integer and Boolean: read values as objects
		properties.forEach((property, rawValue) -> {
			String name = property.toString();
			if (!name.startsWith(PRODUCER)) {
				return;
			}
			String key = name.substring(PRODUCER.length());
			String value = String.valueOf(rawValue);
			switch (key) {
				case "acks" -> settings.put(ProducerConfig.ACKS_CONFIG, value);
				case "compression-type" -> settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, value);
				case "batch-size" -> settings.put(ProducerConfig.BATCH_SIZE_CONFIG, value);
				case "buffer-memory" -> settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, value);
				default -> {
					// YAML keys with dots come out as properties[linger.ms]
					if (key.startsWith("properties[") && key.endsWith("]")) {
						settings.put(key.substring("properties[".length(), key.length() - 1), value);
					}
					else if (key.startsWith("properties.")) {
						settings.put(key.substring("properties.".length()), value);
					}
				}
			}
		});
		return settings;
	}

	/**
	 * persistence-service's consumers per instance
	 * ({@code spring.kafka.listener.concurrency}).
	 * @return the count, 1 when not set
	 */
	static int persistenceConsumers() {
		Object concurrency = load(PersistenceServiceApplication.class).get("spring.kafka.listener.concurrency");
		return (concurrency != null) ? Integer.parseInt(concurrency.toString()) : 1;
	}

	private static Properties load(Class<?> service) {
		String file = LocalPipeline.ownConfiguration(service);
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(UrlResource.from(file));
		Properties properties = yaml.getObject();
		if (properties == null || properties.isEmpty()) {
			throw new BenchmarkFailure(file + " is not on the classpath");
		}
		return properties;
	}

}
