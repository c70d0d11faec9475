package io.telemetrypipeline.admin.replay;

import java.nio.charset.StandardCharsets;

import io.telemetrypipeline.admin.setaside.SetAside;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a replayed record: {@value #REPLAYED_FROM} names the record it was
 * replayed from ({@code topic/partition@offset}), so that a reading dead-lettered again
 * after a replay can be traced to its first dead letter.
 */
final class ReplayHeaders {

	/** The header naming the record a replayed event came from. */
	static final String REPLAYED_FROM = "telemetry-replayed-from";

	private ReplayHeaders() {
	}

	/**
	 * Headers with only the replay header.
	 * @param source the record replayed
	 * @return the headers
	 */
	static Headers of(SetAside source) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(REPLAYED_FROM, source.position().getBytes(StandardCharsets.UTF_8));
		return headers;
	}

	/**
	 * The original record's headers (e.g. its trace context), without the dead-letter
	 * publisher's {@code kafka_dlt-*} headers and any earlier replay header, plus the
	 * replay header.
	 * @param source the dead letter replayed
	 * @return the headers
	 */
	static Headers ofDeadLetter(SetAside source) {
		RecordHeaders headers = new RecordHeaders();
		source.record().headers().forEach((header) -> {
			if (!header.key().startsWith("kafka_dlt-") && !header.key().equals(REPLAYED_FROM)) {
				headers.add(header);
			}
		});
		headers.add(REPLAYED_FROM, source.position().getBytes(StandardCharsets.UTF_8));
		return headers;
	}

}
