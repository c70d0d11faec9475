package io.telemetrypipeline.infrastructure;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import lombok.extern.slf4j.Slf4j;

/**
 * A server speaking the MongoDB wire protocol (mongo-java-server, in memory) in this JVM
 * on 127.0.0.1. It also answers {@code hello}, which Spring Boot's health check sends and
 * mongo-java-server does not know. {@link #stop()} closes the port and every connection,
 * as an outage does, and {@link #start()} brings it back on the same port with its data.
 * Clients reach it through a proxy (see {@link EmbeddedInfrastructure}).
 */
@Slf4j
final class MongoWireServer implements AutoCloseable {

	private final int port;

	private final HelloAnsweringBackend backend = new HelloAnsweringBackend();

	private MongoServer server;

	MongoWireServer(int port) {
		this.port = port;
	}

	private String connectionString() {
		return "mongodb://127.0.0.1:" + this.port;
	}

	synchronized void start() {
		if (this.server == null) {
			this.server = new MongoServer(this.backend);
			this.server.bind("127.0.0.1", this.port);
			log.info("MongoDB wire server on {} started", connectionString());
		}
	}

	/**
	 * Makes the server unreachable: the port and every connection close; the data stays.
	 */
	synchronized void stop() {
		if (this.server != null) {
			this.server.shutdownNow();
			this.server = null;
			log.info("MongoDB wire server on {} stopped", connectionString());
		}
	}

	@Override
	public synchronized void close() {
		stop();
		this.backend.release();
	}

	/**
	 * The in-memory backend, plus the {@code hello} command; it outlives server restarts.
	 */
	static final class HelloAnsweringBackend extends MemoryBackend {

		@Override
		public Document handleCommand(Channel channel, String database, String command, Document query) {
			if ("hello".equalsIgnoreCase(command)) {
				Document response = super.handleCommand(channel, database, "isMaster", query);
				response.put("isWritablePrimary", Boolean.TRUE);
				return response;
			}
			return super.handleCommand(channel, database, command, query);
		}

		@Override
		public void close() {
			// a server restart must not drop the data; see release()
		}

		void release() {
			super.close();
		}

	}

}
