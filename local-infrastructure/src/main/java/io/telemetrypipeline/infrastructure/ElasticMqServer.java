package io.telemetrypipeline.infrastructure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.ConfigFactory;
import lombok.extern.slf4j.Slf4j;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ, a real SQS-compatible server speaking the protocol of AWS SDK v2, running in
 * this JVM on 127.0.0.1. It listens on a port of its own and names another one in the
 * queue URLs it hands out, where a proxy in front of it listens (see
 * {@link EmbeddedInfrastructure}). It keeps its queues and messages only while it runs.
 */
@Slf4j
final class ElasticMqServer implements AutoCloseable {

	private final int port;

	private final int advertisedPort;

	private ActorSystem actorSystem;

	/**
	 * A server on {@code port} that names {@code advertisedPort} in its queue URLs.
	 * @param port the loopback port it listens on
	 * @param advertisedPort the loopback port clients connect to
	 */
	ElasticMqServer(int port, int advertisedPort) {
		this.port = port;
		this.advertisedPort = advertisedPort;
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	synchronized void start() {
		Instant started = Instant.now();
		this.actorSystem = ActorSystem.create("elasticmq",
				ConfigFactory.parseString("pekko.scheduler.implementation = " + ElasticMqScheduler.class.getName())
					.withFallback(ConfigFactory.load()));
		SQSRestServer server = SQSRestServerBuilder.withActorSystem(this.actorSystem)
			.withPort(this.port)
			.withInterface("127.0.0.1")
			.withServerAddress(new NodeAddress("http", "127.0.0.1", this.advertisedPort, ""))
			.start();
		server.waitUntilStarted();
		log.info("ElasticMQ on {} started in {} ms", endpoint(), Duration.between(started, Instant.now()).toMillis());
	}

	/**
	 * Stops the server at once: terminating its actor system closes every connection, and
	 * a receive call waiting on a queue fails like one cut off by a network fault.
	 * ElasticMQ's own {@code stopAndWait} waits up to a minute for the requests in
	 * flight, and a waiting receive is in flight for its whole wait time: with a 20 s
	 * receive waiting, closing the servers took 18.6 s that way and 0.8 s this way. A
	 * test JVM whose ingest-service was still polling at its end spent that time
	 * stopping, past the 30 s after which Surefire kills a test JVM in some builds.
	 */
	synchronized void stop() {
		if (this.actorSystem != null) {
			this.actorSystem.terminate();
			this.actorSystem.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
			this.actorSystem = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

}
