package io.telemetrypipeline.persistence.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import lombok.extern.slf4j.Slf4j;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gauges of the device summaries: {@code telemetry.persistence.devices.silent}, the
 * devices whose latest reading was stored longer ago than
 * {@code telemetry.persistence.devices.silent-after}, and
 * {@code telemetry.persistence.devices.known}, the devices with a summary. Both are
 * counted by a background thread once per {@code silence-check-interval} (two count
 * queries, the first served by the {@code lastStoredAt} index), never per scrape; a
 * scrape reads the last count. Until the first count, and while MongoDB does not answer,
 * they are NaN rather than a stale number.
 */
@Slf4j
@Component
class SilentDevicesGauge implements SmartLifecycle {

	private final DeviceQueries devices;

	private final Duration silentAfter;

	private final Duration interval;

	private final Clock clock = Clock.systemUTC();

	private volatile double silent = Double.NaN;

	private volatile double known = Double.NaN;

	private volatile boolean failing;

	private ScheduledExecutorService scheduler;

	SilentDevicesGauge(DeviceQueries devices, PersistenceProperties properties, MeterRegistry registry) {
		this.devices = devices;
		this.silentAfter = properties.devices().silentAfter();
		this.interval = properties.devices().silenceCheckInterval();
		Gauge.builder("telemetry.persistence.devices.silent", this, (gauge) -> gauge.silent)
			.description("Devices whose latest reading was stored longer ago than "
					+ "telemetry.persistence.devices.silent-after (" + this.silentAfter + ")")
			.strongReference(true)
			.register(registry);
		Gauge.builder("telemetry.persistence.devices.known", this, (gauge) -> gauge.known)
			.description("Devices with at least one stored reading")
			.strongReference(true)
			.register(registry);
	}

	/**
	 * Counts the silent and the known devices now.
	 */
	void count() {
		try {
			long silentNow = this.devices.countStoredBefore(this.clock.instant().minus(this.silentAfter));
			long knownNow = this.devices.count();
			this.silent = silentNow;
			this.known = knownNow;
			if (this.failing) {
				log.info("Counting silent devices works again: {} of {} devices silent for over {}", silentNow,
						knownNow, this.silentAfter);
			}
			this.failing = false;
		}
		catch (RuntimeException ex) {
			this.silent = Double.NaN;
			this.known = Double.NaN;
			if (!this.failing) {
				log.warn("Counting silent devices failed; the gauges are NaN until it works again: {}",
						ex.getMessage());
			}
			this.failing = true;
		}
	}

	@Override
	public synchronized void start() {
		if (this.scheduler == null) {
			this.scheduler = Executors
				.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("silent-devices").daemon(true).factory());
			this.scheduler.scheduleWithFixedDelay(this::count, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
