package io.telemetrypipeline.admin.replay;

import io.telemetrypipeline.admin.setaside.SetAside;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Dead letters back to the events topic as they are: the same value, so the same event
 * id, keyed by device id as ingest-service keys it (so into the device's partition).
 * persistence-service therefore stores each at most once, however often it is replayed. A
 * record the current event codec does not decode is not replayed: persistence would only
 * dead-letter it again.
 */
final class DeadLetterReplay implements ReplaySource {

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	private final String deadLetterTopic;

	private final String eventsTopic;

	DeadLetterReplay(String deadLetterTopic, String eventsTopic) {
		this.deadLetterTopic = deadLetterTopic;
		this.eventsTopic = eventsTopic;
	}

	@Override
	public String topic() {
		return this.deadLetterTopic;
	}

	@Override
	public SetAside.Kind kind() {
		return SetAside.Kind.DEAD_LETTERS;
	}

	@Override
	public Outcome convert(SetAside record) {
		byte[] value = record.record().value();
		TelemetryEvent event;
		try {
			event = this.codec.decode(value);
		}
		catch (TelemetryEventCodec.InvalidEventException ex) {
			return new Outcome.Skip("still-invalid", ex.getMessage());
		}
		String key = (record.record().key() != null) ? record.record().key() : event.deviceId();
		return new Outcome.Publish(
				new ProducerRecord<>(this.eventsTopic, null, key, value, ReplayHeaders.ofDeadLetter(record)),
				event.eventId());
	}

}
