package io.telemetrypipeline.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
	 * Fails unless the device summaries count each device's readings exactly: waits
	 * (bounded) for the last batch's summary update, which follows its readings' insert.
	 * @param name the collection of device summaries
	 * @param expected device id to its number of readings
	 */
	void requireDeviceCounts(String name, Map<String, Long> expected) {
		long total = expected.values().stream().mapToLong(Long::longValue).sum();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Map<String, Long> counted = deviceCounts(name);
		while (counted.values().stream().mapToLong(Long::longValue).sum() < total && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
			counted = deviceCounts(name);
		}
		Map<String, Long> found = counted;
		if (!found.equals(expected)) {
			List<String> wrong = expected.keySet()
				.stream()
				.filter((device) -> !expected.get(device).equals(found.get(device)))
				.limit(5)
				.map((device) -> device + ": " + found.get(device) + " counted, " + expected.get(device) + " sent")
				.toList();
			throw new BenchmarkFailure(DATABASE + "." + name + ": " + found.size() + " devices for " + expected.size()
					+ " expected; e.g. " + wrong);
		}
	}

	private Map<String, Long> deviceCounts(String name) {
		Map<String, Long> counts = new HashMap<>();
		collection(name).find()
			.projection(Projections.include("readingCount"))
			.forEach((document) -> counts.put(document.getString("_id"),
					document.get("readingCount", Number.class).longValue()));
		return counts;
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
