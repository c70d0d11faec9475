package io.telemetrypipeline.ingest.sqs;

import java.util.List;
import java.util.stream.Stream;

import io.telemetrypipeline.ingest.publish.Delivery;
import io.telemetrypipeline.ingest.publish.Delivery.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.telemetrypipeline.ingest.publish.Delivery.Outcome.NOT_ACKNOWLEDGED;
import static io.telemetrypipeline.ingest.publish.Delivery.Outcome.PUBLISHED;
import static io.telemetrypipeline.ingest.publish.Delivery.Outcome.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class TelemetryListenerTests {

	static Stream<Arguments> batches() {
		return Stream.of(
				argumentSet("everything acknowledged", List.of(PUBLISHED, REJECTED, PUBLISHED), false,
						List.of("m0", "m1", "m2")),
				argumentSet("standard queue skips the unacknowledged one",
						List.of(PUBLISHED, NOT_ACKNOWLEDGED, PUBLISHED), false, List.of("m0", "m2")),
				argumentSet("FIFO queue stops at the first unacknowledged one",
						List.of(PUBLISHED, NOT_ACKNOWLEDGED, PUBLISHED), true, List.of("m0")),
				argumentSet("FIFO queue deletes nothing when the first failed",
						List.of(NOT_ACKNOWLEDGED, PUBLISHED, REJECTED), true, List.of()),
				argumentSet("FIFO queue deletes a fully acknowledged batch", List.of(REJECTED, PUBLISHED), true,
						List.of("m0", "m1")),
				argumentSet("empty batch", List.of(), true, List.of()));
	}

	@ParameterizedTest
	@MethodSource("batches")
	void deletesOnlyWhatKafkaAcknowledgedAndOnFifoQueuesOnlyThePrefix(List<Outcome> outcomes, boolean fifo,
			List<String> deleted) {
		List<Delivery<String>> deliveries = new java.util.ArrayList<>();
		for (int i = 0; i < outcomes.size(); i++) {
			deliveries.add(new Delivery<>("m" + i, outcomes.get(i)));
		}

		assertThat(TelemetryListener.toDelete(deliveries, fifo)).containsExactlyElementsOf(deleted);
	}

}
