package io.telemetrypipeline.persistence.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.persistence.security.ImportApiSecurity;
import io.telemetrypipeline.persistence.store.ReadingDocument;
import io.telemetrypipeline.persistence.store.ReadingPosition;
import io.telemetrypipeline.persistence.store.ReadingQueries;
import io.telemetrypipeline.persistence.store.ReadingsUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The readings API as the service serves it, security included, without servers: the
 * controller and the security configuration in a web slice, tokens made by
 * spring-security-test, and the stored readings in memory. Refusals are 401 or 403, bad
 * parameters 400, all as problem details; a permitted request gets the device's readings
 * with the newest first, a page at a time, with a {@code Link} to the next page while
 * more follow.
 */
@WebMvcTest(ReadingsController.class)
@ImportApiSecurity
@EnableConfigurationProperties(PersistenceProperties.class)
class ReadingsControllerTests {

	private static final String READINGS = "/api/devices/{deviceId}/readings";

	@Autowired
	MockMvc mvc;

	@Autowired
	InMemoryReadings readings;

	@BeforeEach
	void storeReadings() {
		this.readings.clear();
		this.readings.available(true);
		this.readings.store(reading("d1", "m1", "2026-11-24T10:00:00Z"));
		this.readings.store(reading("d1", "m2", "2026-11-24T11:00:00Z"));
		this.readings.store(reading("d1", "m3", "2026-11-24T12:00:00Z"));
		this.readings.store(reading("d2", "m1", "2026-11-24T11:30:00Z"));
	}

	@Test
	void refusesARequestWithoutATokenWith401AsProblemDetail() throws Exception {
		this.mvc.perform(get(READINGS, "d1"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.detail")
				.value("This API needs an OAuth2 bearer token (a JWT) with scope 'readings:read'"));
	}

	@Test
	void refusesATokenWithoutTheReadingsScopeWith403AsProblemDetail() throws Exception {
		this.mvc.perform(get(READINGS, "d1").with(jwt().authorities(new SimpleGrantedAuthority("SCOPE_actuator:read"))))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(403))
			.andExpect(jsonPath("$.instance").value("/api/devices/d1/readings"));
	}

	@Test
	void refusesATokenForADeviceItsDevicesClaimDoesNotList() throws Exception {
		JwtRequestPostProcessor otherDevice = reader().jwt((token) -> token.claim("devices", List.of("d2")));

		this.mvc.perform(get(READINGS, "d1").with(otherDevice)).andExpect(status().isForbidden());
		this.mvc.perform(get(READINGS + "/latest", "d1").with(otherDevice)).andExpect(status().isForbidden());
		this.mvc.perform(get(READINGS, "d2").with(otherDevice)).andExpect(status().isOk());
	}

	@Test
	void servesTheDevicesReadingsNewestFirstWithEveryField() throws Exception {
		this.mvc.perform(get(READINGS, "d1").with(reader()))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.length()").value(3))
			.andExpect(jsonPath("$[*].eventId", contains("d1/m3", "d1/m2", "d1/m1")))
			.andExpect(jsonPath("$[0].deviceId").value("d1"))
			.andExpect(jsonPath("$[0].measuredAt").value("2026-11-24T12:00:00Z"))
			.andExpect(jsonPath("$[0].readings.temperature").value(21.5))
			.andExpect(jsonPath("$[0].tags.site").value("plant-1"))
			.andExpect(jsonPath("$[0].receivedAt").value("2026-11-24T12:00:01Z"))
			.andExpect(jsonPath("$[0].storedAt").value("2026-11-24T12:00:02Z"))
			.andExpect(jsonPath("$[0].origin").doesNotExist());
	}

	@Test
	void servesTheReadingsOfATimeRangeUpToTheLimit() throws Exception {
		this.mvc
			.perform(get(READINGS, "d1").param("from", "2026-11-24T10:00:00Z")
				.param("to", "2026-11-24T12:00:00Z")
				.param("limit", "1")
				.with(reader()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].eventId", contains("d1/m2")));
	}

	@Test
	void linksTheNextPageWhileMoreReadingsFollowAndItsCursorContinuesAfterTheLastReading() throws Exception {
		this.readings.store(reading("d1", "m2b", "2026-11-24T11:00:00Z"));

		String link = this.mvc
			.perform(get(READINGS, "d1").param("from", "2026-11-24T10:00:00Z").param("limit", "2").with(reader()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].eventId", contains("d1/m3", "d1/m2b")))
			.andExpect(header().string(HttpHeaders.LINK,
					startsWith("</api/devices/d1/readings?from=2026-11-24T10:00:00Z&limit=2&cursor=")))
			.andExpect(header().string(HttpHeaders.LINK, endsWith(">; rel=\"next\"")))
			.andReturn()
			.getResponse()
			.getHeader(HttpHeaders.LINK);
		String next = link.substring(1, link.indexOf('>'));

		this.mvc.perform(get(next).with(reader()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].eventId", contains("d1/m2", "d1/m1")))
			.andExpect(header().doesNotExist(HttpHeaders.LINK));
		this.mvc.perform(get(READINGS, "d1").param("limit", "4").with(reader()))
			.andExpect(jsonPath("$.length()").value(4))
			.andExpect(header().doesNotExist(HttpHeaders.LINK));
	}

	@Test
	void servesTheLatestReadingOrA404ProblemWhenThereIsNone() throws Exception {
		this.mvc.perform(get(READINGS + "/latest", "d1").with(reader()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.eventId").value("d1/m3"));
		this.mvc.perform(get(READINGS + "/latest", "d3").with(reader()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("no readings stored for device 'd3'"));
	}

	@Test
	void answers503WithRetryAfterAsProblemDetailWhileTheStoreIsUnavailable() throws Exception {
		this.readings.available(false);

		this.mvc.perform(get(READINGS, "d1").with(reader()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.detail").value("The readings store did not answer in time; retry after 5 s"));
		this.mvc.perform(get(READINGS + "/latest", "d1").with(reader()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"));
	}

	static Stream<Arguments> badParameters() {
		return Stream.of(
				Arguments.argumentSet("limit below 1", "d1", Map.of("limit", "0"),
						"'limit' must be between 1 and 1000"),
				Arguments.argumentSet("limit above the maximum", "d1", Map.of("limit", "1001"),
						"'limit' must be between 1 and 1000, was 1001"),
				Arguments.argumentSet("limit not a number", "d1", Map.of("limit", "ten"), "limit"),
				Arguments.argumentSet("from not an instant", "d1", Map.of("from", "yesterday"),
						"'from' must be an ISO-8601 instant such as 2026-11-24T10:15:30Z, was 'yesterday'"),
				Arguments.argumentSet("to without a time zone", "d1", Map.of("to", "2026-11-24T10:00:00"),
						"'to' must be"),
				Arguments.argumentSet("from not before to", "d1",
						Map.of("from", "2026-11-24T12:00:00Z", "to", "2026-11-24T12:00:00Z"),
						"'from' (2026-11-24T12:00:00Z) must be before 'to' (2026-11-24T12:00:00Z)"),
				Arguments.argumentSet("device id with a character it may not hold", "d1.x", Map.of(),
						"deviceId 'd1.x' must be"),
				Arguments.argumentSet("device id too long", "d".repeat(129), Map.of(), "must be 1 to 128 characters"),
				Arguments.argumentSet("cursor that is no base64url", "d1", Map.of("cursor", "not a cursor!"),
						"'cursor' must be a cursor from this endpoint's Link header"),
				Arguments.argumentSet("cursor without a position", "d1",
						Map.of("cursor", Base64.getUrlEncoder().encodeToString("r12345".getBytes())),
						"'cursor' must be"),
				Arguments.argumentSet("cursor of the devices endpoint", "d1",
						Map.of("cursor", Base64.getUrlEncoder().encodeToString("dsensor-1".getBytes())),
						"'cursor' must be"));
	}

	@ParameterizedTest
	@MethodSource("badParameters")
	void answersABadParameterWith400ProblemDetailNamingIt(String deviceId, Map<String, String> parameters,
			String detail) throws Exception {
		MockHttpServletRequestBuilder request = get(READINGS, deviceId).with(reader());
		parameters.forEach(request::param);

		this.mvc.perform(request)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.detail").value(containsString(detail)));
	}

	private static JwtRequestPostProcessor reader() {
		return jwt().authorities(new SimpleGrantedAuthority("SCOPE_readings:read"));
	}

	private static ReadingDocument reading(String deviceId, String messageId, String measuredAt) {
		Instant measured = Instant.parse(measuredAt);
		return new ReadingDocument(deviceId + "/" + messageId, 1, deviceId, measured, Map.of("temperature", 21.5),
				Map.of("site", "plant-1"),
				new TelemetryEvent.Origin("sqs-" + messageId, measured.plusSeconds(1), null, null),
				measured.plusSeconds(2));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StoredReadings {

		@Bean
		InMemoryReadings inMemoryReadings() {
			return new InMemoryReadings();
		}

	}

	/** Stored readings in memory, queried as MongoDB's index serves them. */
	static final class InMemoryReadings implements ReadingQueries {

		private static final Comparator<ReadingPosition> NEWEST_FIRST = Comparator
			.comparing(ReadingPosition::measuredAt)
			.thenComparing(ReadingPosition::eventId)
			.reversed();

		private final List<ReadingDocument> documents = new ArrayList<>();

		private volatile boolean available = true;

		void available(boolean available) {
			this.available = available;
		}

		void store(ReadingDocument document) {
			this.documents.add(document);
		}

		void clear() {
			this.documents.clear();
		}

		@Override
		public List<ReadingDocument> find(String deviceId, Instant from, Instant to, ReadingPosition after, int limit) {
			if (!this.available) {
				throw new ReadingsUnavailableException("MongoDB did not answer in time", null);
			}
			return this.documents.stream()
				.filter((document) -> document.deviceId().equals(deviceId))
				.filter((document) -> from == null || !document.measuredAt().isBefore(from))
				.filter((document) -> to == null || document.measuredAt().isBefore(to))
				.filter((document) -> after == null || NEWEST_FIRST.compare(ReadingPosition.of(document), after) > 0)
				.sorted(Comparator.comparing(ReadingPosition::of, NEWEST_FIRST))
				.limit(limit)
				.toList();
		}

	}

}
