package io.telemetrypipeline.infrastructure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import lombok.extern.slf4j.Slf4j;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ, a real SQS-compatible server speaking the protocol of AWS SDK v2, running in
 * this JVM on 127.0.0.1.
 */
@Slf4j
public final class ElasticMqServer implements AutoCloseable {

	private final int port;

	private SQSRestServer server;

	ElasticMqServer(int port) {
		this.port = (port != 0) ? port : Ports.free();
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	public synchronized void start() {
		Instant started = Instant.now();
		this.server = SQSRestServerBuilder.withPort(this.port)
			.withInterface("127.0.0.1")
			.withServerAddress(new NodeAddress("http", "127.0.0.1", this.port, ""))
			.start();
		this.server.waitUntilStarted();
		log.info("ElasticMQ on {} started in {} ms", endpoint(), Duration.between(started, Instant.now()).toMillis());
	}

	public synchronized void stop() {
		if (this.server != null) {
			this.server.stopAndWait();
			this.server = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

}
