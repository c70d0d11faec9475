package io.telemetrypipeline.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminCommandRunnerTests {

	@Test
	void leavesSpringBootSettingsToSpringBoot() {
		assertThat(AdminCommandRunner.commandArguments("replay", "dlt", "--spring.kafka.bootstrap-servers=k:9092",
				"--dry-run", "--from=2026-11-24T10:00:00Z", "--telemetry.ingest.validation.max-readings=200",
				"--device", "sensor-*", "--spring.kafka.properties[sasl.mechanism]=SCRAM-SHA-512"))
			.containsExactly("replay", "dlt", "--dry-run", "--from=2026-11-24T10:00:00Z", "--device", "sensor-*");
	}

}
