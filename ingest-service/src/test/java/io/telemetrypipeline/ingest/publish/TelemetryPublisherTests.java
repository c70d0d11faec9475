package io.telemetrypipeline.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.telemetrypipeline.ingest.parse.InboundMessage;
import io.telemetrypipeline.ingest.parse.RejectionReason;
import io.telemetrypipeline.ingest.publish.Delivery.Outcome;
import io.telemetrypipeline.model.PipelineNames;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * The publisher's guarantees, against Kafka's in-memory producer: a valid reading goes to
 * the events topic keyed by device, invalid input to the rejected topic with its reason;
 * a message counts as delivered only once Kafka acknowledged its record, whatever the
 * failure, and sending stops at the first record the producer refuses at once for an
 * outage. A record Kafka refuses for good because of itself goes to the rejected topic
 * alone, and its neighbours are published.
 */
class TelemetryPublisherTests {

	private static final Instant RECEIVED = Instant.parse("2026-11-24T10:15:31Z");

	private final PublisherFixture fixture = new PublisherFixture(Map.of());

	private final MockProducer<String, byte[]> producer = this.fixture.producer();

	@Test
	void publishesAValidReadingToTheEventsTopicKeyedByItsDevice() throws Exception {
		String body = reading("sensor-1", "m-1");
		CompletableFuture<List<Delivery<String>>> published = publish(body);
		this.producer.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.PUBLISHED);
		ProducerRecord<String, byte[]> record = this.producer.history().get(0);
		assertThat(record.topic()).isEqualTo(this.fixture.topics().events());
		assertThat(record.key()).isEqualTo("sensor-1");
		TelemetryEvent event = new TelemetryEventCodec().decode(record.value());
		assertThat(event.eventId()).isEqualTo("sensor-1/m-1");
		assertThat(event.readings()).containsExactly(Map.entry("t", 21.5));
		assertThat(event.origin().sqsMessageId()).isEqualTo(inbound(body).sqsMessageId());
		assertThat(counter("telemetry.ingest.messages.published")).isOne();
	}

	@Test
	void publishesInvalidInputToTheRejectedTopicWithItsBodyAndReason() throws Exception {
		String body = "{\"deviceId\":\"sensor-1\",\"clientId\":\"sensor-1\",\"readings\":{\"t\":1}}";
		CompletableFuture<List<Delivery<String>>> published = publish(body);
		this.producer.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.REJECTED);
		ProducerRecord<String, byte[]> record = this.producer.history().get(0);
		assertThat(record.topic()).isEqualTo(this.fixture.topics().rejected());
		assertThat(record.key()).isEqualTo("sensor-1");
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(body);
		assertThat(header(record, TelemetryPublisher.REASON_HEADER)).isEqualTo("missing-field");
		assertThat(header(record, TelemetryPublisher.DETAIL_HEADER)).contains("timestamp");
		assertThat(header(record, TelemetryPublisher.SQS_MESSAGE_ID_HEADER)).isEqualTo(inbound(body).sqsMessageId());
		assertThat(this.fixture.registry()
			.get("telemetry.ingest.messages.rejected")
			.tag("reason", "missing-field")
			.counter()
			.count()).isOne();
	}

	@Test
	void reportsEachMessagesOwnOutcomeInReceiveOrder() throws Exception {
		CompletableFuture<List<Delivery<String>>> published = publish(reading("d1", "m-1"), "not json",
				reading("d1", "m-2"));
		this.producer.completeNext();
		this.producer.completeNext();
		this.producer.errorNext(new NotEnoughReplicasException("one in-sync replica of three"));

		List<Delivery<String>> deliveries = published.get(5, TimeUnit.SECONDS);
		assertThat(deliveries).extracting(Delivery::message)
			.containsExactly(reading("d1", "m-1"), "not json", reading("d1", "m-2"));
		assertThat(deliveries).extracting(Delivery::outcome)
			.containsExactly(Outcome.PUBLISHED, Outcome.REJECTED, Outcome.NOT_ACKNOWLEDGED);
		assertThat(counter("telemetry.ingest.messages.failed")).isOne();
	}

	static Stream<Arguments> kafkaFailures() {
		return Stream.of(Arguments.argumentSet("request timed out", new TimeoutException("no answer in 10 s")),
				Arguments.argumentSet("not enough in-sync replicas", new NotEnoughReplicasException("1 of 3")),
				Arguments.argumentSet("no write ACL on the topic",
						new TopicAuthorizationException(PipelineNames.EVENTS_TOPIC)));
	}

	@ParameterizedTest
	@MethodSource("kafkaFailures")
	void leavesAMessageOnTheQueueWhateverKafkaFailedItsRecordWith(RuntimeException failure) throws Exception {
		CompletableFuture<List<Delivery<String>>> published = publish(reading("d1", "m-1"), reading("d1", "m-2"));
		this.producer.errorNext(failure);
		this.producer.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.NOT_ACKNOWLEDGED, Outcome.PUBLISHED);
		assertThat(counter("telemetry.ingest.messages.published")).isOne();
	}

	@Test
	void stopsSendingAtTheFirstRecordTheProducerRefusesAtOnce() throws Exception {
		RefusingProducer refusing = new RefusingProducer(1);
		PublisherFixture fixture = new PublisherFixture(refusing, Map.of());
		CompletableFuture<List<Delivery<String>>> published = fixture.publisher()
			.publish(List.of(reading("d1", "m-1"), reading("d1", "m-2"), reading("d1", "m-3"), reading("d1", "m-4")),
					TelemetryPublisherTests::inbound);
		refusing.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.PUBLISHED, Outcome.NOT_ACKNOWLEDGED,
				Outcome.NOT_ACKNOWLEDGED, Outcome.NOT_ACKNOWLEDGED);
		assertThat(refusing.attempts).as("sends attempted: none after the refused one").isEqualTo(2);
		assertThat(refusing.history()).extracting(ProducerRecord::value)
			.extracting(TelemetryPublisherTests::eventId)
			.containsExactly("d1/m-1");
		assertThat(fixture.registry().get("telemetry.ingest.messages.failed").counter().count()).isEqualTo(3);
	}

	@Test
	void leavesMessagesKafkaDidNotAcknowledgeWithinThePublishTimeoutOnTheQueue() throws Exception {
		PublisherFixture fixture = new PublisherFixture(Map.of("telemetry.ingest.publish-timeout", "200ms",
				"spring.kafka.producer.properties.max.block.ms", "50"));
		CompletableFuture<List<Delivery<String>>> published = fixture.publisher()
			.publish(List.of(reading("d1", "m-1"), reading("d1", "m-2")), TelemetryPublisherTests::inbound);
		fixture.producer().completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.PUBLISHED, Outcome.NOT_ACKNOWLEDGED);
		assertThat(fixture.registry().get("telemetry.ingest.messages.failed").counter().count()).isOne();
	}

	@Test
	void startsNoSendThatCouldBlockPastTheBatchDeadline() throws Exception {
		AtomicLong nanoTime = new AtomicLong();
		BlockingProducer blocking = new BlockingProducer(nanoTime, Duration.ofSeconds(3));
		PublisherFixture fixture = new PublisherFixture(blocking, Map.of("telemetry.ingest.publish-timeout", "12s",
				"spring.kafka.producer.properties.max.block.ms", "5000"), nanoTime::get);
		List<String> bodies = List.of(reading("d1", "m-1"), reading("d1", "m-2"), reading("d1", "m-3"),
				reading("d1", "m-4"), reading("d1", "m-5"));
		CompletableFuture<List<Delivery<String>>> published = fixture.publisher()
			.publish(bodies, TelemetryPublisherTests::inbound);
		while (blocking.completeNext()) {
			// every record that was sent is acknowledged
		}

		assertThat(blocking.history()).as("sends started at 0 s, 3 s and 6 s; at 9 s less than 5 s was left")
			.extracting(ProducerRecord::value)
			.extracting(TelemetryPublisherTests::eventId)
			.containsExactly("d1/m-1", "d1/m-2", "d1/m-3");
		assertThat(outcomes(published)).containsExactly(Outcome.PUBLISHED, Outcome.PUBLISHED, Outcome.PUBLISHED,
				Outcome.NOT_ACKNOWLEDGED, Outcome.NOT_ACKNOWLEDGED);
		assertThat(Duration.ofNanos(nanoTime.get())).isLessThanOrEqualTo(Duration.ofSeconds(12));
		assertThat(fixture.registry().get("telemetry.ingest.messages.failed").counter().count()).isEqualTo(2);
	}

	@Test
	void refusesAProducerThatMayBlockAsLongAsTheBatchDeadline() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new PublisherFixture(Map.of("telemetry.ingest.publish-timeout", "20s",
					"spring.kafka.producer.properties.max.block.ms", "20000")))
			.withMessageContaining("max.block.ms (20000 ms) must be below telemetry.ingest.publish-timeout (20000 ms)");
	}

	@Test
	void truncatesALongRejectedBodyAtACharacterBoundaryWithItsLengthAndHashInHeaders() throws Exception {
		String body = "{" + "é".repeat(150_000);
		CompletableFuture<List<Delivery<String>>> published = publish(body);
		this.producer.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.REJECTED);
		ProducerRecord<String, byte[]> record = this.producer.history().get(0);
		byte[] full = body.getBytes(StandardCharsets.UTF_8);
		assertThat(record.value()).hasSize(65_535);
		assertThat(body).startsWith(new String(record.value(), StandardCharsets.UTF_8));
		assertThat(header(record, TelemetryPublisher.REASON_HEADER)).isEqualTo("payload-too-large");
		assertThat(header(record, TelemetryPublisher.BODY_LENGTH_HEADER)).isEqualTo("300001");
		assertThat(header(record, TelemetryPublisher.BODY_SHA256_HEADER)).isEqualTo(sha256(full));
	}

	@Test
	void keepsAShortRejectedBodyWholeWithItsLengthAndHash() throws Exception {
		CompletableFuture<List<Delivery<String>>> published = publish("not json");
		this.producer.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.REJECTED);
		ProducerRecord<String, byte[]> record = this.producer.history().get(0);
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
		assertThat(header(record, TelemetryPublisher.BODY_LENGTH_HEADER)).isEqualTo("8");
		assertThat(header(record, TelemetryPublisher.BODY_SHA256_HEADER))
			.isEqualTo(sha256("not json".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void rejectsARecordTheProducerRefusesAsTooLargeAtOnceAndPublishesItsNeighbours() throws Exception {
		SizeLimitedProducer limited = new SizeLimitedProducer(2_000);
		PublisherFixture fixture = new PublisherFixture(limited,
				Map.of("telemetry.ingest.validation.max-rejected-body-bytes", "1000"));
		String big = bigReading("d1", "m-2");
		CompletableFuture<List<Delivery<String>>> published = fixture.publisher()
			.publish(List.of(reading("d1", "m-1"), big, reading("d1", "m-3")), TelemetryPublisherTests::inbound);
		limited.completeNext();
		limited.completeNext();
		limited.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.PUBLISHED, Outcome.REJECTED, Outcome.PUBLISHED);
		assertThat(limited.attempts).as("m-1, m-2 refused, m-2 as rejected, m-3").isEqualTo(4);
		assertThat(limited.history()).extracting(ProducerRecord::topic)
			.containsExactly(fixture.topics().events(), fixture.topics().rejected(), fixture.topics().events());
		ProducerRecord<String, byte[]> rejected = limited.history().get(1);
		assertThat(rejected.key()).isEqualTo("d1");
		assertThat(rejected.value()).hasSizeLessThanOrEqualTo(1000);
		assertThat(big).startsWith(new String(rejected.value(), StandardCharsets.UTF_8));
		assertThat(header(rejected, TelemetryPublisher.REASON_HEADER)).isEqualTo("record-too-large");
		assertThat(header(rejected, TelemetryPublisher.DETAIL_HEADER)).contains("RecordTooLargeException");
		assertThat(header(rejected, TelemetryPublisher.BODY_LENGTH_HEADER)).isEqualTo(Integer.toString(big.length()));
		assertThat(header(rejected, TelemetryPublisher.BODY_SHA256_HEADER))
			.isEqualTo(sha256(big.getBytes(StandardCharsets.UTF_8)));
		assertThat(fixture.registry()
			.get("telemetry.ingest.messages.rejected")
			.tag("reason", "record-too-large")
			.counter()
			.count()).isOne();
		assertThat(fixture.registry().get("telemetry.ingest.messages.published").counter().count()).isEqualTo(2);
	}

	@Test
	void rejectsARecordTheBrokerRefusesAsTooLargeAndPublishesItsNeighbours() throws Exception {
		CompletableFuture<List<Delivery<String>>> published = publish(reading("d1", "m-1"), reading("d1", "m-2"));
		this.producer.errorNext(new RecordTooLargeException("over the topic's max.message.bytes"));
		this.producer.completeNext();
		waitAtMost(Duration.ofSeconds(5)).until(() -> this.producer.history().size() == 3);
		this.producer.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.REJECTED, Outcome.PUBLISHED);
		ProducerRecord<String, byte[]> rejected = this.producer.history().get(2);
		assertThat(rejected.topic()).isEqualTo(this.fixture.topics().rejected());
		assertThat(new String(rejected.value(), StandardCharsets.UTF_8)).isEqualTo(reading("d1", "m-1"));
		assertThat(header(rejected, TelemetryPublisher.REASON_HEADER)).isEqualTo("record-too-large");
		assertThat(counter("telemetry.ingest.messages.failed")).isZero();
	}

	@Test
	void leavesAMessageOnTheQueueWhenKafkaRefusesEvenItsRejectedRecordAndPublishesItsNeighbours() throws Exception {
		SizeLimitedProducer limited = new SizeLimitedProducer(10_000);
		PublisherFixture fixture = new PublisherFixture(limited, Map.of());
		CompletableFuture<List<Delivery<String>>> published = fixture.publisher()
			.publish(List.of(reading("d1", "m-1"), "x".repeat(300_000), reading("d1", "m-3")),
					TelemetryPublisherTests::inbound);
		limited.completeNext();
		limited.completeNext();

		assertThat(outcomes(published)).containsExactly(Outcome.PUBLISHED, Outcome.NOT_ACKNOWLEDGED, Outcome.PUBLISHED);
		assertThat(limited.attempts).as("m-1, the rejected body twice, m-3").isEqualTo(4);
		assertThat(limited.history()).extracting(ProducerRecord::topic)
			.containsExactly(fixture.topics().events(), fixture.topics().events());
		assertThat(fixture.registry().get("telemetry.ingest.messages.failed").counter().count()).isOne();
	}

	static Stream<Arguments> refusals() {
		return Stream.of(
				Arguments.argumentSet("record too large", new RecordTooLargeException("over max.request.size"),
						RejectionReason.RECORD_TOO_LARGE),
				Arguments.argumentSet("too large, wrapped by the template",
						new KafkaException("Send failed", new RecordTooLargeException("over max.request.size")),
						RejectionReason.RECORD_TOO_LARGE),
				Arguments.argumentSet("serialization error", new SerializationException("cannot serialize"),
						RejectionReason.RECORD_REFUSED),
				Arguments.argumentSet("timeout: an outage", new TimeoutException("no answer"), null),
				Arguments.argumentSet("not enough replicas: an outage", new NotEnoughReplicasException("1 of 3"), null),
				Arguments.argumentSet("no write ACL: not the record's own",
						new TopicAuthorizationException(PipelineNames.EVENTS_TOPIC), null));
	}

	@ParameterizedTest
	@MethodSource("refusals")
	void tellsARecordsOwnPermanentRefusalFromAnOutage(RuntimeException failure, RejectionReason expected) {
		assertThat(TelemetryPublisher.refusal(failure)).isEqualTo(expected);
	}

	private CompletableFuture<List<Delivery<String>>> publish(String... bodies) {
		return this.fixture.publisher().publish(List.of(bodies), TelemetryPublisherTests::inbound);
	}

	private double counter(String name) {
		return this.fixture.registry().get(name).counter().count();
	}

	static InboundMessage inbound(String body) {
		return new InboundMessage(body, "sqs-" + body.hashCode(), RECEIVED);
	}

	static String reading(String deviceId, String messageId) {
		return "{\"deviceId\":\"" + deviceId + "\",\"clientId\":\"" + deviceId + "\",\"messageId\":\"" + messageId
				+ "\",\"timestamp\":\"2026-11-24T10:15:30Z\",\"readings\":{\"t\":21.5}}";
	}

	private static List<Delivery.Outcome> outcomes(CompletableFuture<List<Delivery<String>>> published)
			throws Exception {
		return published.get(5, TimeUnit.SECONDS).stream().map(Delivery::outcome).toList();
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	static String bigReading(String deviceId, String messageId) {
		StringBuilder tags = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			tags.append((i > 0) ? "," : "")
				.append("\"tag")
				.append(i)
				.append("\":\"")
				.append("v".repeat(256))
				.append('"');
		}
		return reading(deviceId, messageId).replace("}}", "},\"tags\":{" + tags + "}}");
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private static String eventId(byte[] value) {
		return new TelemetryEventCodec().decode(value).eventId();
	}

	/**
	 * A producer whose every send blocks for a while, as one does that waits for room in
	 * a full buffer: it advances the publisher's clock by that much.
	 */
	static final class BlockingProducer extends MockProducer<String, byte[]> {

		private final AtomicLong nanoTime;

		private final Duration block;

		BlockingProducer(AtomicLong nanoTime, Duration block) {
			super(false, null, new StringSerializer(), new ByteArraySerializer());
			this.nanoTime = nanoTime;
			this.block = block;
		}

		@Override
		public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
			this.nanoTime.addAndGet(this.block.toNanos());
			return super.send(record, callback);
		}

	}

	/**
	 * A producer that accepts a number of sends and then refuses every further one at
	 * once, as a producer does whose buffer is full or whose broker is unreachable.
	 */
	static final class RefusingProducer extends PublisherFixture.SharedProducer {

		private final int accepted;

		int attempts;

		RefusingProducer(int accepted) {
			this.accepted = accepted;
		}

		@Override
		public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
			this.attempts++;
			if (this.attempts > this.accepted) {
				throw new KafkaException("Kafka is unreachable: the send buffer is full");
			}
			return super.send(record, callback);
		}

	}

	/**
	 * A producer that refuses a record larger than its limit at once, as
	 * {@code KafkaProducer.send} does for one over {@code max.request.size}: it calls the
	 * callback with {@link RecordTooLargeException} and returns a failed future.
	 */
	static final class SizeLimitedProducer extends PublisherFixture.SharedProducer {

		private final int maxValueBytes;

		int attempts;

		SizeLimitedProducer(int maxValueBytes) {
			this.maxValueBytes = maxValueBytes;
		}

		@Override
		public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
			this.attempts++;
			if (record.value().length > this.maxValueBytes) {
				RecordTooLargeException tooLarge = new RecordTooLargeException("The message is " + record.value().length
						+ " bytes when serialized which is larger than " + this.maxValueBytes);
				callback.onCompletion(null, tooLarge);
				return CompletableFuture.failedFuture(tooLarge);
			}
			return super.send(record, callback);
		}

	}

}
