package io.telemetrypipeline.autoconfigure.kafka;

import lombok.extern.slf4j.Slf4j;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ClusterAuthorizationException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.LoggingProducerListener;

/**
 * Logs each failed send as Spring Kafka's {@link LoggingProducerListener} does and, when
 * Kafka failed the producer for good, closes it so that the next send starts a fresh one.
 * An idempotent producer that was refused a producer id (a
 * {@link ClusterAuthorizationException}: its principal may write to none of the topics it
 * uses) fails every later send, even after the missing ACL is granted; with this
 * listener, granting the ACL is enough and the service needs no restart. Records of the
 * failed sends are never acknowledged, so callers retry them.
 */
@Slf4j
public class RecoveringProducerListener extends LoggingProducerListener<Object, Object> {

	private final ObjectProvider<ProducerFactory<?, ?>> producerFactory;

	public RecoveringProducerListener(ObjectProvider<ProducerFactory<?, ?>> producerFactory) {
		this.producerFactory = producerFactory;
	}

	@Override
	public void onError(ProducerRecord<Object, Object> record, RecordMetadata recordMetadata, Exception exception) {
		super.onError(record, recordMetadata, exception);
		if (failedForGood(exception)) {
			log.warn("Kafka refused the producer for good ({}); closing it so that the next send starts a new one",
					exception.getMessage());
			this.producerFactory.ifAvailable(ProducerFactory::reset);
		}
	}

	static boolean failedForGood(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClusterAuthorizationException) {
				return true;
			}
		}
		return false;
	}

}
