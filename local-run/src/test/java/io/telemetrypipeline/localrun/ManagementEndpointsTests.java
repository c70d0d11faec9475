package io.telemetrypipeline.localrun;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a counter out of a Prometheus scrape, as the local run's progress line does.
 */
class ManagementEndpointsTests {

	static final String SCRAPE = """
			# HELP telemetry_ingest_messages_received_total Messages received from SQS
			# TYPE telemetry_ingest_messages_received_total counter
			telemetry_ingest_messages_received_total{application="ingest-service"} 120.0
			# TYPE telemetry_ingest_messages_rejected_total counter
			telemetry_ingest_messages_rejected_total{application="ingest-service",reason="invalid json"} 3.0
			telemetry_ingest_messages_rejected_total{application="ingest-service",reason="identity-mismatch"} 2.0
			telemetry_ingest_messages_received_total_extra 7.0
			telemetry_untagged_total 4.0
			""";

	@ParameterizedTest
	@CsvSource({ "telemetry.ingest.messages.received, 120", "telemetry.ingest.messages.rejected, 5",
			"telemetry.untagged, 4", "telemetry.persistence.records.written, 0" })
	void sumsEverySampleOfTheCounterWhateverItsTags(String meterName, double expected) {
		assertThat(new ManagementEndpoints.Scrape(SCRAPE).counter(meterName)).isEqualTo(expected);
	}

}
