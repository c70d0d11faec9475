package io.telemetrypipeline.benchmarks.peer;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.telemetrypipeline.benchmarks.peer.ConnectorPeer.WriteModel;
import io.telemetrypipeline.model.PipelineNames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectorSettings} and {@link ConnectWorkerClasspath#of}.
 */
class ConnectorSettingsTests {

	private static final Path WORK_DIR = Path.of("/tmp/peer");

	@Test
	void insertModeWritesUnorderedInsertsWithTheEventIdAsDocumentId() {
		assertThat(settings(WriteModel.INSERT).connector())
			.containsEntry("writemodel.strategy",
					"com.mongodb.kafka.connect.sink.writemodel.strategy.InsertOneDefaultStrategy")
			.containsEntry("bulk.write.ordered", "false")
			.containsEntry("transforms.eventIdAsDocumentId.renames", "eventId:_id")
			.containsEntry("document.id.strategy",
					"com.mongodb.kafka.connect.sink.processor.id.strategy.ProvidedInValueStrategy")
			.containsEntry("tasks.max", "3")
			.containsEntry("topics", PipelineNames.EVENTS_TOPIC)
			.containsEntry("errors.tolerance", "none");
	}

	@Test
	void upsertModeKeepsTheConnectorsDefaultWriteModel() {
		assertThat(settings(WriteModel.UPSERT).connector()).doesNotContainKeys("writemodel.strategy",
				"bulk.write.ordered");
	}

	@Test
	void workerReadsFromTheEarliestOffsetAndFindsTheConnectorWithoutScanning() {
		assertThat(settings(WriteModel.INSERT).worker(WORK_DIR, 8083))
			.containsEntry("listeners", "http://127.0.0.1:8083")
			.containsEntry("plugin.path", WORK_DIR.resolve("plugins").toString())
			.containsEntry("plugin.discovery", "service_load")
			.containsEntry("consumer.auto.offset.reset", "earliest")
			.containsEntry("value.converter.schemas.enable", "false");
	}

	@Test
	void renderedPropertiesReadBackUnchanged() throws IOException {
		ConnectorSettings settings = settings(WriteModel.INSERT);
		Properties worker = new Properties();
		worker.load(new StringReader(ConnectorSettings.render(settings.worker(Path.of("C:\\work dir"), 8083))));
		Properties connector = new Properties();
		connector.load(new StringReader(ConnectorSettings.render(settings.connector())));
		assertThat(worker).containsEntry("offset.storage.file.filename",
				Path.of("C:\\work dir").resolve("mongo-sink-insert-test.offsets").toString());
		assertThat(connector).containsEntry("transforms.eventIdAsDocumentId.type",
				"org.apache.kafka.connect.transforms.ReplaceField$Value");
	}

	@Test
	void keepsTheConnectorJarOffTheWorkersClasspath() {
		ConnectWorkerClasspath classpath = ConnectWorkerClasspath.of(List.of(Path.of("/m2/connect-runtime-4.2.1.jar"),
				Path.of("/m2/mongo-kafka-connect-2.0.1-all.jar"), Path.of("/m2/slf4j-api-2.0.17.jar")));
		assertThat(classpath.pluginJars()).containsExactly(Path.of("/m2/mongo-kafka-connect-2.0.1-all.jar"));
		assertThat(classpath.workerClasspath()).doesNotContain("mongo-kafka-connect")
			.contains("connect-runtime-4.2.1.jar", "slf4j-api-2.0.17.jar");
	}

	private static ConnectorSettings settings(WriteModel model) {
		return new ConnectorSettings("mongo-sink-" + model.name().toLowerCase() + "-test", "127.0.0.1:9092",
				"mongodb://127.0.0.1:27017", "telemetry", "readings", PipelineNames.EVENTS_TOPIC, 3, model);
	}

}
