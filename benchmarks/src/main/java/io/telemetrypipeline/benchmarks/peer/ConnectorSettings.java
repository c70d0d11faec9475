package io.telemetrypipeline.benchmarks.peer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.telemetrypipeline.benchmarks.peer.ConnectorPeer.WriteModel;

/**
 * The Kafka Connect standalone worker's and the MongoDB sink connector's configuration
 * for one peer run. Documents are stored as the pipeline stores them: {@code _id} is the
 * event's {@code eventId} (renamed by a {@code ReplaceField} transform and taken by
 * {@code ProvidedInValueStrategy}), the other fields as they are in the event's JSON.
 *
 * @param name the connector's name, unique per run so its consumer group
 * ({@code connect-<name>}) starts from the earliest offsets
 * @param bootstrapServers the Kafka bootstrap servers
 * @param mongoUri the MongoDB connection string
 * @param database the database
 * @param collection the collection
 * @param topic the topic to read
 * @param tasks the number of sink tasks
 * @param model how documents are written
 */
record ConnectorSettings(String name, String bootstrapServers, String mongoUri, String database, String collection,
		String topic, int tasks, WriteModel model) {

	static final String SINK_CONNECTOR = "com.mongodb.kafka.connect.MongoSinkConnector";

	static final int BATCH_SIZE = 500;

	private static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

	private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

	Map<String, String> worker(Path workDir, int restPort) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("bootstrap.servers", this.bootstrapServers);
		properties.put("key.converter", STRING_CONVERTER);
		properties.put("value.converter", JSON_CONVERTER);
		properties.put("value.converter.schemas.enable", "false");
		properties.put("offset.storage.file.filename", workDir.resolve(this.name + ".offsets").toString());
		properties.put("offset.flush.interval.ms", "1000");
		properties.put("listeners", "http://127.0.0.1:" + restPort);
		properties.put("plugin.path", workDir.resolve("plugins").toString());
		properties.put("plugin.discovery", "service_load");
		properties.put("consumer.auto.offset.reset", "earliest");
		properties.put("consumer.max.poll.records", String.valueOf(BATCH_SIZE));
		return properties;
	}

	Map<String, String> connector() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("name", this.name);
		properties.put("connector.class", SINK_CONNECTOR);
		properties.put("tasks.max", String.valueOf(this.tasks));
		properties.put("topics", this.topic);
		properties.put("connection.uri", this.mongoUri);
		properties.put("database", this.database);
		properties.put("collection", this.collection);
		properties.put("key.converter", STRING_CONVERTER);
		properties.put("value.converter", JSON_CONVERTER);
		properties.put("value.converter.schemas.enable", "false");
		properties.put("transforms", "eventIdAsDocumentId");
		properties.put("transforms.eventIdAsDocumentId.type", "org.apache.kafka.connect.transforms.ReplaceField$Value");
		properties.put("transforms.eventIdAsDocumentId.renames", "eventId:_id");
		properties.put("document.id.strategy",
				"com.mongodb.kafka.connect.sink.processor.id.strategy.ProvidedInValueStrategy");
		properties.put("document.id.strategy.overwrite.existing", "true");
		properties.put("max.batch.size", String.valueOf(BATCH_SIZE));
		properties.put("errors.tolerance", "none");
		if (this.model == WriteModel.INSERT) {
			properties.put("writemodel.strategy",
					"com.mongodb.kafka.connect.sink.writemodel.strategy.InsertOneDefaultStrategy");
			properties.put("bulk.write.ordered", "false");
		}
		return properties;
	}

	/**
	 * Renders properties in the {@code .properties} format.
	 * @param properties the properties
	 * @return the file's text
	 */
	static String render(Map<String, String> properties) {
		StringBuilder text = new StringBuilder();
		properties
			.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
		return text.toString();
	}

}
