package io.telemetrypipeline.infrastructure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How many replicas the topics get for a number of Kafka brokers, and which broker counts
 * are refused.
 */
class InfrastructureSettingsTests {

	@ParameterizedTest
	@CsvSource({ "1, 1, 1", "2, 2, 1", "3, 3, 2", "5, 3, 2" })
	void replicatesTopicsOnUpToThreeBrokersWithTwoInSyncReplicasOnceThereAreThree(int brokers, int replicationFactor,
			int minInsyncReplicas) {
		InfrastructureSettings settings = InfrastructureSettings.forTests().withKafkaBrokers(brokers);

		assertThat(settings.kafkaBrokers()).isEqualTo(brokers);
		assertThat(settings.topicReplicationFactor()).isEqualTo(replicationFactor);
		assertThat(settings.topicMinInsyncReplicas()).isEqualTo(minInsyncReplicas);
	}

	@Test
	void startsOneBrokerByDefault() {
		assertThat(InfrastructureSettings.forTests().kafkaBrokers()).isOne();
		assertThat(InfrastructureSettings.forLocalRun(null).kafkaBrokers()).isOne();
	}

	@Test
	void refusesNoBrokerAndASecuredCluster() {
		assertThatIllegalArgumentException().isThrownBy(() -> InfrastructureSettings.forTests().withKafkaBrokers(0))
			.withMessageContaining("At least one Kafka broker");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InfrastructureSettings.forTests().withSecuredKafka("ingest").withKafkaBrokers(3))
			.withMessageContaining("runs as a single broker");
	}

}
