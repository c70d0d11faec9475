package io.telemetrypipeline.admin.inspect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.telemetrypipeline.admin.config.AdminProperties;
import io.telemetrypipeline.admin.setaside.KafkaClients;
import io.telemetrypipeline.admin.setaside.Selection;
import io.telemetrypipeline.admin.setaside.SetAside;
import io.telemetrypipeline.admin.setaside.TopicScan;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts a set-aside topic with a consumer that has no group: assigned every partition,
 * read from the beginning to the end the topic had when the inspection started, nothing
 * committed.
 */
final class TopicInspection {

	private final KafkaClients clients;

	private final AdminProperties properties;

	private final Selection selection;

	private final int samples;

	private final Duration bucket;

	TopicInspection(KafkaClients clients, AdminProperties properties, Selection selection, int samples,
			Duration bucket) {
		this.clients = clients;
		this.properties = properties;
		this.selection = selection;
		this.samples = samples;
		this.bucket = bucket;
	}

	Tally deadLetters(String topic) {
		return inspect(topic, SetAside.Kind.DEAD_LETTERS);
	}

	Tally rejected(String topic) {
		return inspect(topic, SetAside.Kind.REJECTED);
	}

	private Tally inspect(String topic, SetAside.Kind kind) {
		Tally tally = new Tally(topic, this.samples, this.bucket);
		try (Consumer<String, byte[]> consumer = this.clients.reader()) {
			TopicScan scan = TopicScan.plan(consumer, topic, this.selection, Map.of(), this.properties.sendTimeout());
			tally.note("offsets read", scan.total());
			scan.read(this.properties.pollTimeout(), (records, positions) -> {
				for (ConsumerRecord<String, byte[]> record : records) {
					SetAside setAside = SetAside.of(kind, record);
					if (this.selection.matches(setAside)) {
						tally.add(setAside.reason(), setAside.device(), setAside.timestamp(), setAside.position(),
								setAside.detail(), body(record));
					}
				}
			}, () -> false);
		}
		return tally;
	}

	private static String body(ConsumerRecord<String, byte[]> record) {
		return (record.value() != null) ? new String(record.value(), StandardCharsets.UTF_8) : null;
	}

}
