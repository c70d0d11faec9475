package io.telemetrypipeline.autoconfigure.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveringProducerListenerTests {

	@Test
	void aRefusedProducerIdFailsTheProducerForGoodWhereverItIsInTheCauses() {
		ClusterAuthorizationException refused = new ClusterAuthorizationException("Cluster authorization failed.");
		assertThat(RecoveringProducerListener.failedForGood(refused)).isTrue();
		assertThat(RecoveringProducerListener
			.failedForGood(new KafkaProducerException(null, "Failed to send", new KafkaException(refused)))).isTrue();
	}

	@Test
	void errorsAProducerRecoversFromLeaveItInPlace() {
		assertThat(RecoveringProducerListener.failedForGood(new TopicAuthorizationException("no WRITE"))).isFalse();
		assertThat(RecoveringProducerListener.failedForGood(new TimeoutException("broker down"))).isFalse();
		assertThat(RecoveringProducerListener.failedForGood(new IllegalStateException())).isFalse();
	}

}
