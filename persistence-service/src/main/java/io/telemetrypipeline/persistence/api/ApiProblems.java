package io.telemetrypipeline.persistence.api;

import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.persistence.store.ReadingsUnavailableException;
import lombok.extern.slf4j.Slf4j;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The API's failures as RFC 9457 problem details: a bad parameter is a 400 that names it;
 * while MongoDB is unreachable or stalled, a request gets a 503 with a
 * {@code Retry-After} header once the query's bound ran out, never a hang or a 500.
 */
@Slf4j
@RestControllerAdvice(assignableTypes = { ReadingsController.class, DevicesController.class })
class ApiProblems {

	private final PersistenceProperties.Api api;

	ApiProblems(PersistenceProperties properties) {
		this.api = properties.api();
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

}
