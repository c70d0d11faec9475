package io.telemetrypipeline.persistence.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.persistence.security.ReadableDevices;
import io.telemetrypipeline.persistence.store.DeviceQueries;
import io.telemetrypipeline.persistence.store.DeviceSummary;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The devices API: the summaries of the devices (first and last measurement, last
 * storage, reading count) in device id order, a page at a time, optionally only those
 * silent for at least {@code silentFor} (no reading stored since), and one device's
 * summary (404 when none of its readings was stored). A token restricted to devices sees
 * only those. A page that may be followed by more carries a {@code Link} header
 * ({@code rel="next"}).
 */
@RestController
@RequestMapping("/api/devices")
class DevicesController {

	private final DeviceQueries devices;

	private final PersistenceProperties.Api api;

	private final Clock clock = Clock.systemUTC();

	DevicesController(DeviceQueries devices, PersistenceProperties properties) {
		this.devices = devices;
		this.api = properties.api();
	}

	@GetMapping
	ResponseEntity<List<DeviceResponse>> devices(@RequestParam(required = false) String silentFor,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
			ReadableDevices readable) {
		Duration silence = parseSilence(silentFor);
		int effectiveLimit = ReadingsController.checkLimit(limit, this.api);
		String after = (cursor != null) ? PageCursors.deviceAfter(cursor) : null;
		Instant storedBefore = (silence != null) ? this.clock.instant().minus(silence) : null;
		List<DeviceSummary> found = this.devices.find(after, storedBefore, readable.listed(), effectiveLimit + 1);
		List<DeviceSummary> page = found.subList(0, Math.min(found.size(), effectiveLimit));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (found.size() > effectiveLimit) {
			Map<String, Object> parameters = new LinkedHashMap<>();
			parameters.put("silentFor", silence);
			parameters.put("limit", effectiveLimit);
			response.header(HttpHeaders.LINK,
					PageLinks.next(parameters, PageCursors.devices(page.get(page.size() - 1).deviceId())));
		}
		return response.body(page.stream().map(DeviceResponse::of).toList());
	}

	@GetMapping("/{deviceId}")
	DeviceResponse device(@PathVariable String deviceId) {
		ReadingsController.checkDeviceId(deviceId);
		return this.devices.find(deviceId)
			.map(DeviceResponse::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"no readings stored for device '" + deviceId + "'"));
	}

	private static Duration parseSilence(String value) {
		if (value == null) {
			return null;
		}
		Duration silence;
		try {
			silence = Duration.parse(value);
		}
		catch (DateTimeParseException ex) {
			silence = null;
		}
		if (silence == null || silence.isNegative() || silence.isZero()) {
			throw new BadParameterException(
					"'silentFor' must be a positive ISO-8601 duration such as PT10M, was '" + value + "'");
		}
		return silence;
	}

	/**
	 * One device's summary as the API returns it.
	 *
	 * @param deviceId the device
	 * @param firstMeasuredAt the earliest measurement time of its readings
	 * @param lastMeasuredAt the latest measurement time of its readings
	 * @param lastStoredAt when its latest reading was stored
	 * @param readingCount how many of its readings were stored
	 */
	record DeviceResponse(String deviceId, Instant firstMeasuredAt, Instant lastMeasuredAt, Instant lastStoredAt,
			long readingCount) {

		static DeviceResponse of(DeviceSummary summary) {
			return new DeviceResponse(summary.deviceId(), summary.firstMeasuredAt(), summary.lastMeasuredAt(),
					summary.lastStoredAt(), summary.readingCount());
		}

	}

}
