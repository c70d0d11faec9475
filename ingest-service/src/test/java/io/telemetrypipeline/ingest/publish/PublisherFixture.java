package io.telemetrypipeline.ingest.publish;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.telemetrypipeline.autoconfigure.kafka.TopicsProperties;
import io.telemetrypipeline.ingest.ConfiguredProperties;
import io.telemetrypipeline.ingest.config.IngestProperties;
import io.telemetrypipeline.ingest.parse.TelemetryParser;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * A {@link TelemetryPublisher} as the service configures it, sending through a real
 * {@link KafkaTemplate} to Kafka's in-memory {@link MockProducer}: a test decides when
 * and how each send completes ({@link MockProducer#completeNext()},
 * {@link MockProducer#errorNext(RuntimeException)}) and reads the records that were sent
 * from {@link MockProducer#history()}.
 */
public final class PublisherFixture {

	private final MockProducer<String, byte[]> producer;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TopicsProperties topics = ConfiguredProperties.bind("telemetry.topics", TopicsProperties.class,
			Map.of());

	private final TelemetryPublisher publisher;

	/**
	 * A publisher whose sends complete only when the test says so.
	 * @param ingest overrides of {@code telemetry.ingest.*}, e.g.
	 * {@code telemetry.ingest.publish-timeout}, and of
	 * {@code spring.kafka.producer.properties.*}
	 */
	public PublisherFixture(Map<String, String> ingest) {
		this(new SharedProducer(), ingest);
	}

	/**
	 * A publisher that sends to the given producer.
	 * @param producer the producer, e.g. one that refuses sends
	 * @param ingest overrides of {@code telemetry.ingest.*}
	 */
	public PublisherFixture(MockProducer<String, byte[]> producer, Map<String, String> ingest) {
		this(producer, ingest, System::nanoTime);
	}

	/**
	 * A publisher that sends to the given producer and reads the time from the given
	 * source, e.g. one that a producer's blocking send advances.
	 * @param producer the producer
	 * @param ingest overrides of {@code telemetry.ingest.*} and
	 * {@code spring.kafka.producer.properties.*}
	 * @param nanoTime the time source of the batch deadline
	 */
	public PublisherFixture(MockProducer<String, byte[]> producer, Map<String, String> ingest, LongSupplier nanoTime) {
		this.producer = producer;
		IngestProperties properties = ConfiguredProperties.bind("telemetry.ingest", IngestProperties.class, ingest);
		TelemetryParser parser = new TelemetryParser(properties.validation().toLimits(), properties.identityPolicy(),
				Clock.systemUTC());
		this.publisher = new TelemetryPublisher(new KafkaTemplate<>(producerFactory(producer, ingest)), parser,
				this.topics, properties, new PublishMetrics(this.registry), nanoTime);
	}

	/**
	 * The in-memory producer behind a factory that reports the producer settings of
	 * {@code application.yml} ({@code spring.kafka.producer.properties.*}) with the
	 * test's overrides, as the service's producer factory does.
	 */
	private static MockProducerFactory<String, byte[]> producerFactory(MockProducer<String, byte[]> producer,
			Map<String, String> overrides) {
		Map<String, Object> configuration = Map
			.copyOf(ConfiguredProperties.bind("spring.kafka", KafkaProperties.class, overrides)
				.getProducer()
				.getProperties());
		return new MockProducerFactory<>(() -> producer) {

			@Override
			public Map<String, Object> getConfigurationProperties() {
				return configuration;
			}

		};
	}

	public TelemetryPublisher publisher() {
		return this.publisher;
	}

	public MockProducer<String, byte[]> producer() {
		return this.producer;
	}

	public SimpleMeterRegistry registry() {
		return this.registry;
	}

	public TopicsProperties topics() {
		return this.topics;
	}

	/**
	 * An in-memory producer that stays open when closed, as the shared producer of
	 * Spring's {@code DefaultKafkaProducerFactory} does: {@link KafkaTemplate} closes the
	 * producer after every completed send, which would close a bare {@link MockProducer}
	 * for good. Its sends complete only when the test says so.
	 */
	public static class SharedProducer extends MockProducer<String, byte[]> {

		public SharedProducer() {
			super(false, null, new StringSerializer(), new ByteArraySerializer());
		}

		@Override
		public void close() {
		}

		@Override
		public void close(Duration timeout) {
		}

	}

}
