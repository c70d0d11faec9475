package io.telemetrypipeline.persistence.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of persistence-service ({@code telemetry.persistence.*}).
 *
 * @param collection the MongoDB collection of readings
 * @param retention how long a reading is kept after it was stored (a TTL index on
 * {@code storedAt}); {@code null} or absent keeps readings forever
 * @param mongoTimeout how long a MongoDB operation waits for a reachable server (server
 * selection, connecting) before it fails (and the batch is retried)
 * @param mongoOperationTimeout the longest any MongoDB operation may take as a whole (the
 * driver's client-side operation timeout, {@code timeoutMS}): a bulk write with its write
 * concern, an index creation, an API query; a server that accepts connections but does
 * not answer makes it fail after this time instead of blocking its thread
 * @param mongoHealthTimeout the longest the MongoDB readiness check may take; below the
 * readiness probe's own timeout, so a stalled MongoDB turns readiness DOWN instead of
 * leaving the probe without an answer
 * @param retry back-off of a batch that failed for a transient reason (MongoDB
 * unreachable): retried until it succeeds, never dead-lettered
 * @param api the readings and devices API
 * @param devices the per-device summary kept beside the readings
 */
@Validated
@ConfigurationProperties("telemetry.persistence")
public record PersistenceProperties(@NotBlank String collection, Duration retention, @NotNull Duration mongoTimeout,
		@NotNull Duration mongoOperationTimeout, @NotNull Duration mongoHealthTimeout, @Valid Retry retry,
		@Valid Api api, @Valid @NotNull Devices devices) {

	/**
	 * Exponential back-off between attempts of a failed batch.
	 *
	 * @param initialInterval first wait
	 * @param multiplier growth factor of each wait
	 * @param maxInterval longest wait
	 */
	public record Retry(@NotNull Duration initialInterval, @Min(1) double multiplier, @NotNull Duration maxInterval) {
	}

	/**
	 * The readings and devices API.
	 *
	 * @param defaultLimit readings or devices returned per page when {@code limit} is
	 * absent
	 * @param maxLimit largest accepted {@code limit}
	 * @param scope the scope an access token must carry to read readings and devices
	 * @param devicesClaim the token claim that, when present, lists the only device ids
	 * the token may read
	 * @param retryAfter the {@code Retry-After} of a 503 answered while MongoDB is
	 * unreachable or does not answer in time
	 */
	public record Api(@Min(1) int defaultLimit, @Min(1) @Max(10_000) int maxLimit, @NotBlank String scope,
			@NotBlank String devicesClaim, @NotNull Duration retryAfter) {
	}

	/**
	 * The per-device summary ({@code devices} collection): first and last measurement
	 * time, last storage time and reading count of each device, updated with every batch.
	 *
	 * @param collection the MongoDB collection of device summaries
	 * @param enabled whether each batch updates the summaries; off, the devices API and
	 * the silent-devices gauge show what was recorded until then
	 * @param silentAfter how long after its last stored reading a device counts as silent
	 * for the {@code telemetry.persistence.devices.silent} gauge
	 * @param silenceCheckInterval how often the gauge counts the silent devices (one
	 * count query per interval and instance, never one per scrape)
	 */
	public record Devices(@NotBlank String collection, boolean enabled,
			@NotNull @DurationMin(millis = 1) Duration silentAfter,
			@NotNull @DurationMin(millis = 100) Duration silenceCheckInterval) {
	}

}
