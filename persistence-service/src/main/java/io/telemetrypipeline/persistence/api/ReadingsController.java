package io.telemetrypipeline.persistence.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.telemetrypipeline.model.FieldRules;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.persistence.store.ReadingDocument;
import io.telemetrypipeline.persistence.store.ReadingQueries;
import io.telemetrypipeline.persistence.store.ReadingsUnavailableException;
import lombok.extern.slf4j.Slf4j;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The readings API: a device's readings in a time range, newest first, and its latest
 * reading. Bad parameters get a 400 problem detail that names the parameter; while
 * MongoDB is unreachable or stalled, a request gets a 503 problem detail with a
 * {@code Retry-After} header once the query's bound ran out, never a hang or a 500.
 */
@Slf4j
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
	List<ReadingResponse> readings(@PathVariable String deviceId, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) Integer limit) {
		checkDeviceId(deviceId);
		Instant fromInstant = parseInstant("from", from);
		Instant toInstant = parseInstant("to", to);
		if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
			throw new BadParameterException("'from' (" + from + ") must be before 'to' (" + to + ")");
		}
		int effectiveLimit = (limit != null) ? limit : this.api.defaultLimit();
		if (effectiveLimit < 1 || effectiveLimit > this.api.maxLimit()) {
			throw new BadParameterException("'limit' must be between 1 and " + this.api.maxLimit() + ", was " + limit);
		}
		return this.queries.find(deviceId, fromInstant, toInstant, effectiveLimit)
			.stream()
			.map(ReadingResponse::of)
			.toList();
	}

	@GetMapping("/latest")
	ReadingResponse latest(@PathVariable String deviceId) {
		checkDeviceId(deviceId);
		return this.queries.latest(deviceId)
			.map(ReadingResponse::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"no readings stored for device '" + deviceId + "'"));
	}

	private static void checkDeviceId(String deviceId) {
		String violation = FieldRules.checkDeviceId(deviceId);
		if (violation != null) {
			throw new BadParameterException(violation);
		}
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

	@ExceptionHandler(BadParameterException.class)
	ProblemDetail badParameter(BadParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Bad request parameter");
		return problem;
	}

	@ExceptionHandler(ReadingsUnavailableException.class)
	ResponseEntity<ProblemDetail> unavailable(ReadingsUnavailableException ex) {
		log.warn("Answering 503: {}", ex.getMessage());
		long retryAfter = Math.max(1, this.api.retryAfter().toSeconds());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The readings store did not answer in time; retry after " + retryAfter + " s");
		problem.setTitle("Readings temporarily unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
			.body(problem);
	}

	/** A request parameter is invalid. */
	static final class BadParameterException extends RuntimeException {

		BadParameterException(String message) {
			super(message);
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
