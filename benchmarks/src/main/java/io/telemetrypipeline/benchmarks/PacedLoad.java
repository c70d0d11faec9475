package io.telemetrypipeline.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

/**
 * An open-loop load on running services: each reading has a scheduled send time, fixed in
 * advance at a constant rate and carried in the message (tag {@code scheduledAt}), and is
 * sent at that time whether or not earlier sends were slow, so a stall shows up as
 * latency instead of silently lowering the load (no coordinated omission). Latency is
 * {@code storedAt - scheduledAt} and {@code storedAt - origin.receivedAt}; the backlog
 * (sent but not stored) is sampled to tell whether the pipeline kept up.
 */
final class PacedLoad {

	static final String PREFIX = "paced";

	static final String IDLE_PREFIX = "idle";

	private static final int SENDER_THREADS = 4;

	private static final long SAMPLE_MILLIS = 250;

	private final Context context;

	private final Queues.Queue queue;

	private final String collection;

	private final Workload previous;

	/**
	 * A paced load into a queue whose readings end up in a collection that already holds
	 * a previous workload.
	 * @param context the context
	 * @param queue the queue the running ingest-service reads
	 * @param collection the collection the running persistence-service writes
	 * @param previous the workload already stored in it
	 */
	PacedLoad(Context context, Queues.Queue queue, String collection, Workload previous) {
		this.context = context;
		this.queue = queue;
		this.collection = collection;
		this.previous = previous;
	}

	/**
	 * Sends at {@code rate} for {@code duration}, waits until everything is stored and
	 * checks that each reading was stored once.
	 * @param rate readings per second
	 * @param duration how long to send
	 * @param watched processes whose CPU is measured from the first send to the last
	 * store
	 * @param liveness throws when a service exited
	 * @return the result
	 */
	Result run(double rate, Duration duration, List<Watched> watched, Runnable liveness) {
		if (!(rate > 0)) {
			throw new BenchmarkFailure("No paced rate: the end-to-end throughput was " + rate);
		}
		int count = (int) Math.max(10, Math.round(rate * duration.toMillis() / 1000.0));
		double intervalNanos = 1e9 / rate;
		long startNanos = System.nanoTime() + Duration.ofMillis(500).toNanos();
		Instant startWall = Instant.now().plusMillis(500);
		List<String> bodies = new ArrayList<>(count);
		Set<String> ids = new LinkedHashSet<>();
		for (int i = 0; i < count; i++) {
			Instant scheduled = startWall.plusNanos(Math.round(i * intervalNanos));
			Workload.Reading reading = new Workload.Reading(
					"%s-%04d".formatted(PREFIX, i % this.context.settings().devices()), "p" + i,
					scheduled.truncatedTo(ChronoUnit.MILLIS), 20.0, scheduled);
			bodies.add(reading.body());
			ids.add(reading.eventId());
		}
		long base = this.previous.size();
		AtomicLong sent = new AtomicLong();
		List<Sample> backlog = Collections.synchronizedList(new ArrayList<>());
		List<Watched> services = watched.stream()
			.filter((process) -> process.role().equals(ServiceStages.INGEST)
					|| process.role().equals(ServiceStages.PERSISTENCE))
			.toList();
		Map<String, List<Sample>> rss = new LinkedHashMap<>();
		services.forEach((service) -> rss.put(service.role(), Collections.synchronizedList(new ArrayList<>())));
		ExecutorService senders = Executors.newFixedThreadPool(SENDER_THREADS);
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		ResourceWindow resources;
		long lastSendNanos;
		try {
			sampler.scheduleAtFixedRate(() -> {
				long at = System.nanoTime() - startNanos;
				backlog.add(new Sample(at, sent.get() - (this.context.mongo().count(this.collection) - base)));
				services.forEach((service) -> rss.get(service.role())
					.add(new Sample(at, Math.round(ProcessStats.rssMiB(service.pid())))));
			}, 500, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
			LockSupport.parkNanos(startNanos - System.nanoTime());
			resources = ResourceWindow.open(watched);
			List<Future<?>> sends = new ArrayList<>();
			int next = 0;
			while (next < count) {
				long due = startNanos + Math.round(next * intervalNanos);
				long now;
				while ((now = System.nanoTime()) < due) {
					LockSupport.parkNanos(due - now);
				}
				int end = next;
				while (end < count && end - next < 10 && startNanos + Math.round(end * intervalNanos) <= now) {
					end++;
				}
				List<String> batch = bodies.subList(next, end);
				sends.add(senders.submit(() -> {
					this.context.queues().send(this.queue, batch);
					sent.addAndGet(batch.size());
				}));
				next = end;
			}
			for (Future<?> send : sends) {
				send.get();
			}
			lastSendNanos = System.nanoTime();
			awaitStored(base + count, liveness);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkFailure("Interrupted during the paced load", ex);
		}
		catch (ExecutionException ex) {
			throw new BenchmarkFailure("A paced send failed", ex.getCause());
		}
		finally {
			sampler.shutdownNow();
			senders.shutdownNow();
		}
		long storedNanos = System.nanoTime();
		ProgressWatch.Window window = new ProgressWatch.Window(startNanos, 0, storedNanos, count,
				resources.close(count));
		Set<String> all = new LinkedHashSet<>(this.previous.eventIds());
		all.addAll(ids);
		this.context.mongo().requireExactly(this.collection, all);
		Latencies latencies = latencies();
		Backlog summary = Backlog.of(backlog, (lastSendNanos - startNanos), rate);
		List<Memory> memory = rss.entrySet()
			.stream()
			.map((entry) -> Memory.of(entry.getKey(), entry.getValue(), lastSendNanos - startNanos))
			.toList();
		List<IdleProbe> idle = idleProbes(base + count, all, liveness);
		StageResult result = StageResult.of(Stage.PACED, window, null,
				"offered %.0f/s for %.0f s (sent in %.1f s); backlog %s".formatted(rate, duration.toMillis() / 1000.0,
						(lastSendNanos - startNanos) / 1e9, summary.flat() ? "flat" : "GREW"));
		return new Result(result, rate, count, latencies, summary, memory, idle, all);
	}

	/**
	 * After the load, the pipeline idles; then single readings, each after an idle gap,
	 * show how long the first reading after a quiet period takes.
	 * @param stored documents in the collection now
	 * @param all every event id stored, extended with the probes'
	 * @param liveness throws when a service exited
	 * @return one probe per idle gap
	 */
	private List<IdleProbe> idleProbes(long stored, Set<String> all, Runnable liveness) {
		BenchmarkSettings settings = this.context.settings();
		List<IdleProbe> probes = new ArrayList<>();
		for (int i = 0; i < settings.idleGaps(); i++) {
			LockSupport.parkNanos(settings.idleGap().toNanos());
			Instant sentAt = Instant.now();
			Workload.Reading reading = new Workload.Reading(IDLE_PREFIX + "-0000", "i" + i,
					sentAt.truncatedTo(ChronoUnit.MILLIS), 20.0, sentAt);
			this.context.queues().send(this.queue, List.of(reading.body()));
			awaitStored(stored + i + 1, liveness);
			Document document = this.context.mongo()
				.collection(this.collection)
				.find(Filters.eq("_id", reading.eventId()))
				.first();
			if (document == null) {
				throw new BenchmarkFailure("Idle probe " + reading.eventId() + " counted but not found");
			}
			Instant storedAt = document.get("storedAt", Date.class).toInstant();
			Instant received = document.get("origin", Document.class).get("receivedAt", Date.class).toInstant();
			probes.add(new IdleProbe(Duration.between(sentAt, storedAt).toNanos() / 1e6,
					Duration.between(received, storedAt).toNanos() / 1e6));
			all.add(reading.eventId());
		}
		this.context.mongo().requireExactly(this.collection, all);
		return probes;
	}

	private void awaitStored(long target, Runnable liveness) {
		long lastCount = -1;
		long lastChange = System.nanoTime();
		while (true) {
			long stored = this.context.mongo().count(this.collection);
			if (stored >= target) {
				if (stored > target) {
					throw new BenchmarkFailure(
							this.collection + " holds " + stored + " documents, " + target + " expected (duplicates)");
				}
				return;
			}
			long now = System.nanoTime();
			if (stored != lastCount) {
				lastCount = stored;
				lastChange = now;
			}
			else if (now - lastChange > Duration.ofSeconds(60).toNanos()) {
				throw new BenchmarkFailure("Paced load: stuck at " + stored + " of " + target + " stored");
			}
			liveness.run();
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	private Latencies latencies() {
		List<Long> fromScheduled = new ArrayList<>();
		List<Long> fromReceived = new ArrayList<>();
		this.context.mongo()
			.collection(this.collection)
			.find(Filters.regex("deviceId", "^" + PREFIX + "-"))
			.projection(Projections.include("storedAt", "origin.receivedAt", "tags"))
			.forEach((document) -> {
				Instant stored = document.get("storedAt", Date.class).toInstant();
				Instant scheduled = Instant
					.parse(document.get("tags", Document.class).getString(Workload.Reading.SCHEDULED_TAG));
				Instant received = document.get("origin", Document.class).get("receivedAt", Date.class).toInstant();
				fromScheduled.add(Duration.between(scheduled, stored).toNanos());
				fromReceived.add(Duration.between(received, stored).toNanos());
			});
		return new Latencies(Percentiles.of(fromScheduled), Percentiles.of(fromReceived));
	}

	/**
	 * One sample of the backlog (readings sent but not yet stored) or of a service's RSS
	 * (MiB).
	 *
	 * @param atNanos when, from the start of the load
	 * @param value the backlog, or the RSS
	 */
	record Sample(long atNanos, long value) {
	}

	/**
	 * Latency percentiles in milliseconds.
	 *
	 * @param p50 the median
	 * @param p99 the 99th percentile
	 * @param max the largest
	 */
	record Percentiles(double p50, double p99, double max) {

		static Percentiles of(List<Long> nanos) {
			if (nanos.isEmpty()) {
				return new Percentiles(Double.NaN, Double.NaN, Double.NaN);
			}
			List<Long> sorted = nanos.stream().sorted().toList();
			return new Percentiles(at(sorted, 0.50), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
		}

		private static double at(List<Long> sorted, double quantile) {
			int index = (int) Math.ceil(quantile * sorted.size()) - 1;
			return sorted.get(Math.max(0, index)) / 1e6;
		}

	}

	/**
	 * Latencies of the paced readings.
	 *
	 * @param fromScheduled {@code storedAt - scheduledAt}
	 * @param fromReceived {@code storedAt - origin.receivedAt}
	 */
	record Latencies(Percentiles fromScheduled, Percentiles fromReceived) {
	}

	/**
	 * The backlog (sent, not yet stored) over the send window.
	 *
	 * @param firstThirdMax largest backlog in the first third of the send window
	 * @param lastThirdMax largest backlog in the last third
	 * @param max largest backlog
	 * @param flat whether it stayed flat: the last third's peak is at most twice the
	 * first third's, or within half a second of arrivals
	 */
	record Backlog(long firstThirdMax, long lastThirdMax, long max, boolean flat) {

		static Backlog of(List<Sample> samples, long sendNanos, double rate) {
			List<Sample> copy;
			synchronized (samples) {
				copy = new ArrayList<>(samples);
			}
			long first = 0;
			long last = 0;
			long max = 0;
			for (Sample sample : copy) {
				if (sample.atNanos() > sendNanos) {
					continue;
				}
				max = Math.max(max, sample.value());
				if (sample.atNanos() <= sendNanos / 3) {
					first = Math.max(first, sample.value());
				}
				else if (sample.atNanos() >= 2 * sendNanos / 3) {
					last = Math.max(last, sample.value());
				}
			}
			boolean flat = last <= Math.max(2 * first, Math.max(10, Math.round(rate / 2)));
			return new Backlog(first, last, max, flat);
		}

	}

	/**
	 * The outcome of the paced load.
	 *
	 * @param result the stage's row
	 * @param rate the offered rate
	 * @param readings readings sent
	 * @param latencies the latencies
	 * @param backlog the backlog over the send window
	 * @param memory each service's resident set size over the send window
	 * @param idle the readings sent one at a time after idle gaps, once the load ended
	 * @param allEventIds every event id now stored in the collection
	 */
	record Result(StageResult result, double rate, int readings, Latencies latencies, Backlog backlog,
			List<Memory> memory, List<IdleProbe> idle, Set<String> allEventIds) {

		/**
		 * The slowest idle probe from SQS arrival to stored.
		 * @return the time in ms, {@code NaN} without probes
		 */
		double slowestIdleFromReceived() {
			return this.idle.stream().mapToDouble(IdleProbe::fromReceivedMillis).max().orElse(Double.NaN);
		}

	}

	/**
	 * One reading sent after an idle gap.
	 *
	 * @param fromSentMillis {@code storedAt} - when the benchmark sent it
	 * @param fromReceivedMillis {@code storedAt - origin.receivedAt}
	 */
	record IdleProbe(double fromSentMillis, double fromReceivedMillis) {
	}

	/**
	 * A service's resident set size over the send window.
	 *
	 * @param role the service
	 * @param firstThirdMiB mean RSS in the first third of the send window
	 * @param lastThirdMiB mean RSS in the last third
	 */
	record Memory(String role, double firstThirdMiB, double lastThirdMiB) {

		/** The largest growth (last third / first third) that still counts as flat. */
		static final double MAX_GROWTH = 1.1;

		double growth() {
			return this.lastThirdMiB / this.firstThirdMiB;
		}

		boolean flat() {
			return growth() <= MAX_GROWTH;
		}

		static Memory of(String role, List<Sample> samples, long sendNanos) {
			List<Sample> copy;
			synchronized (samples) {
				copy = new ArrayList<>(samples);
			}
			double first = copy.stream()
				.filter((sample) -> sample.atNanos() <= sendNanos / 3)
				.mapToLong(Sample::value)
				.average()
				.orElse(Double.NaN);
			double last = copy.stream()
				.filter((sample) -> sample.atNanos() > sendNanos * 2 / 3 && sample.atNanos() <= sendNanos)
				.mapToLong(Sample::value)
				.average()
				.orElse(Double.NaN);
			return new Memory(role, first, last);
		}

	}

}
