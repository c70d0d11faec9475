package io.telemetrypipeline.infrastructure;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.LightArrayRevolverScheduler;
import org.apache.pekko.event.LoggingAdapter;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * The scheduler of ElasticMQ's actor system: Pekko's own, except that a task due now or
 * in the past runs at the next tick (10 ms) instead of at once.
 * <p>
 * While a receive call waits on a FIFO queue, ElasticMQ schedules its next attempt for
 * when the oldest message becomes visible. A message that is visible but whose message
 * group has messages in flight cannot be handed out, and its time is in the past, so the
 * attempt runs again at once, sorting every message of the queue each time: the queue
 * spins a core for as long as the group stays in flight, which on a FIFO queue that is
 * streamed through is most of the time (measured on the end-to-end scenarios, run alone:
 * their test JVMs took 561 CPU-seconds with the spin and 352 without). With at most one
 * attempt per tick, a message still goes out as soon as it is sent, or within a tick of
 * its group freeing up.
 */
public final class ElasticMqScheduler extends LightArrayRevolverScheduler {

	private static final FiniteDuration NEXT_TICK = FiniteDuration.apply(1, TimeUnit.MILLISECONDS);

	/**
	 * Created by Pekko from {@code pekko.scheduler.implementation}.
	 * @param config the actor system's configuration
	 * @param log its log
	 * @param threadFactory its thread factory
	 */
	public ElasticMqScheduler(Config config, LoggingAdapter log, ThreadFactory threadFactory) {
		super(config, log, threadFactory);
	}

	@Override
	public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
		return super.scheduleOnce(delay.lt(NEXT_TICK) ? NEXT_TICK : delay, runnable, executor);
	}

}
