package io.telemetrypipeline.endtoend;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.telemetrypipeline.infrastructure.Faults;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;

/**
 * A MongoDB wire server of a scenario's own that refuses, for good, to store the readings
 * of some devices, as a MongoDB whose collection validator rejects their documents does:
 * each such insert gets a write error with code 121 (DocumentValidationFailure), the
 * others of the same bulk write are stored. persistence-service dead-letters those
 * readings as {@code write-rejected}; {@link #accept(String)} is the fix.
 */
final class RefusingMongo implements AutoCloseable {

	/** MongoDB's DocumentValidationFailure. */
	static final int DOCUMENT_VALIDATION_FAILURE = 121;

	private final Set<String> refusedPrefixes = ConcurrentHashMap.newKeySet();

	private final Backend backend = new Backend();

	private final MongoServer server = new MongoServer(this.backend);

	private final String uri;

	RefusingMongo() {
		InetSocketAddress address = this.server.bind();
		this.uri = "mongodb://127.0.0.1:" + address.getPort();
	}

	String uri() {
		return this.uri;
	}

	/**
	 * Refuses the readings of devices whose id starts with {@code prefix}.
	 * @param prefix the device id prefix
	 */
	void refuse(String prefix) {
		this.refusedPrefixes.add(prefix);
	}

	/**
	 * Stores them again: the cause is fixed.
	 * @param prefix the device id prefix
	 */
	void accept(String prefix) {
		this.refusedPrefixes.remove(prefix);
	}

	/**
	 * The given servers, with this MongoDB in place of theirs.
	 * @param servers the shared servers
	 * @return the servers the scenario runs on
	 */
	PipelineInfrastructure in(PipelineInfrastructure servers) {
		return new PipelineInfrastructure() {

			@Override
			public String kafkaBootstrapServers() {
				return servers.kafkaBootstrapServers();
			}

			@Override
			public Map<String, Object> kafkaAdminConfig() {
				return servers.kafkaAdminConfig();
			}

			@Override
			public Map<String, Object> kafkaClientConfig(String user) {
				return servers.kafkaClientConfig(user);
			}

			@Override
			public Map<String, String> kafkaSpringProperties(String user) {
				return servers.kafkaSpringProperties(user);
			}

			@Override
			public URI sqsEndpoint() {
				return servers.sqsEndpoint();
			}

			@Override
			public String sqsRegion() {
				return servers.sqsRegion();
			}

			@Override
			public String mongoUri() {
				return RefusingMongo.this.uri;
			}

			@Override
			public Faults faults() {
				return servers.faults();
			}

			@Override
			public void close() {
				// the shared servers outlive the scenario
			}

		};
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

	/** The in-memory backend, answering {@code hello} and refusing what it is told to. */
	private final class Backend extends MemoryBackend {

		@Override
		public Document handleCommand(Channel channel, String database, String command, Document query) {
			if ("hello".equalsIgnoreCase(command)) {
				Document response = super.handleCommand(channel, database, "isMaster", query);
				response.put("isWritablePrimary", Boolean.TRUE);
				return response;
			}
			if ("insert".equalsIgnoreCase(command) && !RefusingMongo.this.refusedPrefixes.isEmpty()) {
				return insert(channel, database, command, query);
			}
			return super.handleCommand(channel, database, command, query);
		}

		@SuppressWarnings("unchecked")
		private Document insert(Channel channel, String database, String command, Document query) {
			List<Document> documents = (List<Document>) query.get("documents");
			List<Document> stored = new ArrayList<>();
			List<Integer> storedIndexes = new ArrayList<>();
			List<Document> errors = new ArrayList<>();
			for (int i = 0; i < documents.size(); i++) {
				Object device = documents.get(i).get("deviceId");
				if (device instanceof String id
						&& RefusingMongo.this.refusedPrefixes.stream().anyMatch(id::startsWith)) {
					errors.add(new Document("index", i).append("code", DOCUMENT_VALIDATION_FAILURE)
						.append("errmsg", "Document failed validation"));
				}
				else {
					stored.add(documents.get(i));
					storedIndexes.add(i);
				}
			}
			if (errors.isEmpty()) {
				return super.handleCommand(channel, database, command, query);
			}
			int inserted = 0;
			if (!stored.isEmpty()) {
				Document partial = new Document(query);
				partial.put("documents", stored);
				Document response = super.handleCommand(channel, database, command, partial);
				inserted = ((Number) response.getOrDefault("n", 0)).intValue();
				for (Object error : (List<Object>) response.getOrDefault("writeErrors", List.of())) {
					Document own = new Document((Document) error);
					own.put("index", storedIndexes.get(((Number) own.get("index")).intValue()));
					errors.add(own);
				}
			}
			errors.sort((a, b) -> Integer.compare(((Number) a.get("index")).intValue(),
					((Number) b.get("index")).intValue()));
			return new Document("n", inserted).append("writeErrors", errors).append("ok", 1.0);
		}

	}

}
