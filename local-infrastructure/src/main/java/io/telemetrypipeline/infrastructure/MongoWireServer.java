package io.telemetrypipeline.infrastructure;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import lombok.extern.slf4j.Slf4j;

/**
 * A server speaking the MongoDB wire protocol (mongo-java-server, in memory) in this JVM
 * on 127.0.0.1. It also answers {@code hello}, which Spring Boot's health check sends and
 * mongo-java-server does not know. {@link #stopListening()} and {@link #start()} make it
 * unreachable and reachable again with its data.
 */
@Slf4j
public final class MongoWireServer implements AutoCloseable {

	private final int port;

	private final MongoServer server = new MongoServer(new HelloAnsweringBackend());

	MongoWireServer(int port) {
		this.port = (port != 0) ? port : Ports.free();
	}

	public String connectionString() {
		return "mongodb://127.0.0.1:" + this.port;
	}

	public void start() {
		this.server.bind("127.0.0.1", this.port);
		log.info("MongoDB wire server on {} started", connectionString());
	}

	/** Closes the listening socket and every connection, keeping the data. */
	public void stopListening() {
		this.server.stopListening();
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

	/** The in-memory backend, plus the {@code hello} command. */
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

	}

}
