package io.telemetrypipeline.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import org.bson.Document;

/**
 * The collections of the stages in the {@code telemetry} database: fresh ones, the count
 * a stage waits for, the check that a collection holds exactly the expected readings, and
 * copies of the service's indexes so that every writer maintains the same ones.
 */
final class MongoReadings {

	static final String DATABASE = "telemetry";

	private final MongoClient client;

	MongoReadings(MongoClient client) {
		this.client = client;
	}

	/**
	 * A collection that starts empty.
	 * @param name its name
	 * @return the collection
	 */
	MongoCollection<Document> fresh(String name) {
		MongoCollection<Document> collection = collection(name);
		if (this.client.getDatabase(DATABASE).listCollectionNames().into(new ArrayList<>()).contains(name)) {
			collection.drop();
		}
		return collection;
	}

	MongoCollection<Document> collection(String name) {
		return this.client.getDatabase(DATABASE).getCollection(name);
	}

	long count(String name) {
		return collection(name).estimatedDocumentCount();
	}

	/**
	 * Gives {@code target} the secondary indexes that {@code source} has.
	 * @param source a collection persistence-service created
	 * @param target the collection to give the same indexes
	 * @return the names of the indexes copied
	 */
	Set<String> copyIndexes(String source, String target) {
		Set<String> names = new TreeSet<>();
		for (Document index : collection(source).listIndexes()) {
			String name = index.getString("name");
			if ("_id_".equals(name)) {
				continue;
			}
			IndexOptions options = new IndexOptions().name(name);
			if (index.get("expireAfterSeconds") != null) {
				options.expireAfter(((Number) index.get("expireAfterSeconds")).longValue(), TimeUnit.SECONDS);
			}
			if (Boolean.TRUE.equals(index.get("unique"))) {
				options.unique(true);
			}
			collection(target).createIndex(index.get("key", Document.class), options);
			names.add(name);
		}
		return names;
	}

	/**
	 * Fails unless the collection holds each expected reading once and nothing else.
	 * @param name the collection
	 * @param expected the expected event ids
	 */
	void requireExactly(String name, Set<String> expected) {
		Map<String, Long> counts = new HashMap<>();
		collection(name).find()
			.projection(Projections.include("_id"))
			.forEach((document) -> counts.merge(String.valueOf(document.get("_id")), 1L, Long::sum));
		Exactly.require(DATABASE + "." + name, expected, counts);
	}

}
