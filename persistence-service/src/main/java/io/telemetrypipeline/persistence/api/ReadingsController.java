package io.telemetrypipeline.persistence.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.model.FieldRules;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.persistence.store.ReadingDocument;
import io.telemetrypipeline.persistence.store.ReadingPosition;
import io.telemetrypipeline.persistence.store.ReadingQueries;

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
 * The readings API: a device's readings in a time range, newest first (ties by event id,
 * greater first), a page at a time, and its latest reading. A page that may be followed
 * by more carries a {@code Link} header ({@code rel="next"}) whose cursor continues right
 * after its last reading, so a client reads a whole range page by page, each reading once
 * and in order, while new readings are stored. Bad parameters get a 400 problem detail
 * that names the parameter ({@link ApiProblems}).
 */
@RestController
@RequestMapping("/api/devices/{deviceId}/readings")
class ReadingsController {

	private final ReadingQueries queries;

	private final PersistenceProperties.Api api;

	ReadingsController(ReadingQueries queries, PersistenceProperties properties) {
		this.queries = queries;
		this.api = properties.api();
	}

	@GetMapping
	ResponseEntity<List<ReadingResponse>> readings(@PathVariable String deviceId,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		checkDeviceId(deviceId);
		Instant fromInstant = parseInstant("from", from);
		Instant toInstant = parseInstant("to", to);
		if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
			throw new BadParameterException("'from' (" + from + ") must be before 'to' (" + to + ")");
		}
		int effectiveLimit = checkLimit(limit, this.api);
		ReadingPosition after = (cursor != null) ? PageCursors.readingPosition(cursor) : null;
		List<ReadingDocument> found = this.queries.find(deviceId, fromInstant, toInstant, after, effectiveLimit + 1);
		List<ReadingDocument> page = found.subList(0, Math.min(found.size(), effectiveLimit));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (found.size() > effectiveLimit) {
			Map<String, Object> parameters = new LinkedHashMap<>();
			parameters.put("from", fromInstant);
			parameters.put("to", toInstant);
			parameters.put("limit", effectiveLimit);
			response.header(HttpHeaders.LINK,
					PageLinks.next(parameters, PageCursors.readings(ReadingPosition.of(page.get(page.size() - 1)))));
		}
		return response.body(page.stream().map(ReadingResponse::of).toList());
	}

	@GetMapping("/latest")
	ReadingResponse latest(@PathVariable String deviceId) {
		checkDeviceId(deviceId);
		return this.queries.latest(deviceId)
			.map(ReadingResponse::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"no readings stored for device '" + deviceId + "'"));
	}

	static void checkDeviceId(String deviceId) {
		String violation = FieldRules.checkDeviceId(deviceId);
		if (violation != null) {
			throw new BadParameterException(violation);
		}
	}

	static int checkLimit(Integer limit, PersistenceProperties.Api api) {
		int effectiveLimit = (limit != null) ? limit : api.defaultLimit();
		if (effectiveLimit < 1 || effectiveLimit > api.maxLimit()) {
			throw new BadParameterException("'limit' must be between 1 and " + api.maxLimit() + ", was " + limit);
		}
		return effectiveLimit;
	}

	private static Instant parseInstant(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new BadParameterException(
					"'" + name + "' must be an ISO-8601 instant such as 2026-11-24T10:15:30Z, was '" + value + "'");
		}
	}

	/**
	 * One stored reading as the API returns it.
	 *
	 * @param eventId the event id
	 * @param deviceId the device
	 * @param measuredAt when the device measured
	 * @param readings measurement name to value
	 * @param tags string labels
	 * @param receivedAt when SQS received the message
	 * @param storedAt when it was stored
	 */
	record ReadingResponse(String eventId, String deviceId, Instant measuredAt, Map<String, Double> readings,
			Map<String, String> tags, Instant receivedAt, Instant storedAt) {

		static ReadingResponse of(ReadingDocument document) {
			return new ReadingResponse(document.id(), document.deviceId(), document.measuredAt(), document.readings(),
					document.tags(), document.origin().receivedAt(), document.storedAt());
		}

	}

}
