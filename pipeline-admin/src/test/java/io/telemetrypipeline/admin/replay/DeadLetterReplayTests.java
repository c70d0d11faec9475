package io.telemetrypipeline.admin.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.telemetrypipeline.admin.setaside.SetAside;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterReplayTests {

	final DeadLetterReplay replay = new DeadLetterReplay("telemetry.events.dlt", "telemetry.events");

	@Test
	void publishesTheSameValueUnderItsDeviceWithoutTheDeadLetterHeaders() {
		byte[] value = new TelemetryEventCodec()
			.encode(new TelemetryEvent(1, "d-1/m-1", "d-1", Instant.parse("2026-11-24T10:15:30Z"), Map.of("t", 1.5),
					Map.of(), new TelemetryEvent.Origin("sqs-1", Instant.parse("2026-11-24T10:15:31Z"), null, "d-1")));
		Outcome outcome = this.replay.convert(deadLetter("d-1", value));
		assertThat(outcome).isInstanceOfSatisfying(Outcome.Publish.class, (publish) -> {
			assertThat(publish.eventId()).isEqualTo("d-1/m-1");
			assertThat(publish.record().topic()).isEqualTo("telemetry.events");
			assertThat(publish.record().key()).isEqualTo("d-1");
			assertThat(publish.record().partition()).isNull();
			assertThat(publish.record().value()).isEqualTo(value);
			assertThat(publish.record().headers()).extracting(Header::key)
				.containsExactly("traceparent", ReplayHeaders.REPLAYED_FROM);
		});
	}

	@Test
	void doesNotReplayWhatIsStillNoValidEvent() {
		Outcome outcome = this.replay.convert(deadLetter("d-1", "{not json".getBytes(StandardCharsets.UTF_8)));
		assertThat(outcome).isInstanceOfSatisfying(Outcome.Skip.class,
				(skip) -> assertThat(skip.category()).isEqualTo("still-invalid"));
	}

	private static SetAside deadLetter(String key, byte[] value) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
		headers.add("kafka_dlt-exception-fqcn", "x.UnstorableEventException".getBytes(StandardCharsets.UTF_8));
		headers.add("kafka_dlt-original-topic", "telemetry.events".getBytes(StandardCharsets.UTF_8));
		headers.add(ReplayHeaders.REPLAYED_FROM, "telemetry.events.dlt/0@1".getBytes(StandardCharsets.UTF_8));
		return SetAside.of(SetAside.Kind.DEAD_LETTERS, new ConsumerRecord<>("telemetry.events.dlt", 4, 12, 0L,
				TimestampType.CREATE_TIME, 0, 0, key, value, headers, Optional.empty()));
	}

}
