package io.telemetrypipeline.persistence.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.telemetrypipeline.persistence.config.PersistenceProperties;
import io.telemetrypipeline.persistence.security.ImportApiSecurity;
import io.telemetrypipeline.persistence.store.DeviceQueries;
import io.telemetrypipeline.persistence.store.DeviceSummary;
import io.telemetrypipeline.persistence.store.ReadingPosition;
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
 * The devices API as the service serves it, security included, without servers: the
 * controller and the security configuration in a web slice, tokens made by
 * spring-security-test, and the device summaries in memory. A token needs the readings
 * scope; one restricted by its devices claim lists only those devices and gets 403 for
 * another's summary; the listing pages in device id order with a {@code Link} to the next
 * page and filters the devices silent for {@code silentFor}; bad parameters are 400 and
 * an unknown device 404, all as problem details.
 */
@WebMvcTest(DevicesController.class)
@ImportApiSecurity
@EnableConfigurationProperties(PersistenceProperties.class)
class DevicesControllerTests {

	private static final String DEVICES = "/api/devices";

	@Autowired
	MockMvc mvc;

	@Autowired
	InMemoryDevices devices;

	@BeforeEach
	void storeSummaries() {
		Instant now = Instant.now();
		this.devices.clear();
		this.devices.available(true);
		this.devices.store(summary("d1", now.minus(Duration.ofHours(2)), 10));
		this.devices.store(summary("d2", now.minusSeconds(5), 20));
		this.devices.store(summary("d3", now.minus(Duration.ofMinutes(30)), 30));
		this.devices.store(summary("d4", now.minusSeconds(1), 40));
	}

	@Test
	void refusesAListingWithoutATokenWith401AndWithoutTheScopeWith403() throws Exception {
		this.mvc.perform(get(DEVICES))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get(DEVICES).with(jwt().authorities(new SimpleGrantedAuthority("SCOPE_actuator:read"))))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get(DEVICES + "/d1").with(jwt().authorities(new SimpleGrantedAuthority("SCOPE_other"))))
			.andExpect(status().isForbidden());
	}

	@Test
	void listsEveryDeviceInIdOrderWithEveryField() throws Exception {
		this.mvc.perform(get(DEVICES).with(reader()))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$[*].deviceId", contains("d1", "d2", "d3", "d4")))
			.andExpect(jsonPath("$[0].firstMeasuredAt").value("2026-11-01T00:00:00Z"))
			.andExpect(jsonPath("$[0].lastMeasuredAt").value("2026-11-02T00:00:00Z"))
			.andExpect(jsonPath("$[0].lastStoredAt").exists())
			.andExpect(jsonPath("$[0].readingCount").value(10))
			.andExpect(header().doesNotExist(HttpHeaders.LINK));
	}

	@Test
	void listsOnlyTheDevicesAListingTokenIsRestrictedTo() throws Exception {
		JwtRequestPostProcessor owner = reader().jwt((token) -> token.claim("devices", List.of("d3", "d1", "d9")));

		this.mvc.perform(get(DEVICES).with(owner))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].deviceId", contains("d1", "d3")));
		this.mvc.perform(get(DEVICES).with(reader().jwt((token) -> token.claim("devices", List.of()))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(0));
	}

	@Test
	void servesOneDevicesSummaryOnlyToATokenThatMayReadIt() throws Exception {
		JwtRequestPostProcessor owner = reader().jwt((token) -> token.claim("devices", List.of("d2")));

		this.mvc.perform(get(DEVICES + "/d2").with(owner))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.deviceId").value("d2"))
			.andExpect(jsonPath("$.readingCount").value(20));
		this.mvc.perform(get(DEVICES + "/d1").with(owner))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void answersAnUnknownDeviceWith404Problem() throws Exception {
		this.mvc.perform(get(DEVICES + "/d9").with(reader()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("no readings stored for device 'd9'"));
	}

	@Test
	void listsOnlyTheDevicesSilentForTheGivenDuration() throws Exception {
		this.mvc.perform(get(DEVICES).param("silentFor", "PT10M").with(reader()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].deviceId", contains("d1", "d3")));
		this.mvc.perform(get(DEVICES).param("silentFor", "PT1H").with(reader()))
			.andExpect(jsonPath("$[*].deviceId", contains("d1")));
	}

	@Test
	void pagesInDeviceIdOrderWithALinkToTheNextPageThatKeepsTheFilter() throws Exception {
		this.devices.store(summary("d5", Instant.now().minus(Duration.ofDays(1)), 50));

		String link = this.mvc.perform(get(DEVICES).param("silentFor", "PT10M").param("limit", "2").with(reader()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].deviceId", contains("d1", "d3")))
			.andExpect(header().string(HttpHeaders.LINK, startsWith("</api/devices?silentFor=PT10M&limit=2&cursor=")))
			.andExpect(header().string(HttpHeaders.LINK, endsWith(">; rel=\"next\"")))
			.andReturn()
			.getResponse()
			.getHeader(HttpHeaders.LINK);

		this.mvc.perform(get(link.substring(1, link.indexOf('>'))).with(reader()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].deviceId", contains("d5")))
			.andExpect(header().doesNotExist(HttpHeaders.LINK));
	}

	@Test
	void answers503WithRetryAfterWhileTheStoreIsUnavailable() throws Exception {
		this.devices.available(false);

		this.mvc.perform(get(DEVICES).with(reader()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get(DEVICES + "/d1").with(reader())).andExpect(status().isServiceUnavailable());
	}

	static Stream<Arguments> badParameters() {
		return Stream.of(
				Arguments.argumentSet("silentFor not a duration", DEVICES, Map.of("silentFor", "10 minutes"),
						"'silentFor' must be a positive ISO-8601 duration such as PT10M, was '10 minutes'"),
				Arguments.argumentSet("silentFor zero", DEVICES, Map.of("silentFor", "PT0S"), "'silentFor' must be"),
				Arguments.argumentSet("silentFor negative", DEVICES, Map.of("silentFor", "-PT10M"),
						"'silentFor' must be"),
				Arguments.argumentSet("limit above the maximum", DEVICES, Map.of("limit", "1001"),
						"'limit' must be between 1 and 1000, was 1001"),
				Arguments.argumentSet("limit below 1", DEVICES, Map.of("limit", "0"), "'limit' must be between 1"),
				Arguments.argumentSet("cursor that is no cursor", DEVICES, Map.of("cursor", "%%%"),
						"'cursor' must be a cursor from this endpoint's Link header"),
				Arguments.argumentSet("cursor of the readings endpoint", DEVICES,
						Map.of("cursor",
								PageCursors
									.readings(new ReadingPosition(Instant.parse("2026-11-24T10:00:00Z"), "d1/m1"))),
						"'cursor' must be"),
				Arguments.argumentSet("device id with a character it may not hold", DEVICES + "/d1.x", Map.of(),
						"deviceId 'd1.x' must be"));
	}

	@ParameterizedTest
	@MethodSource("badParameters")
	void answersABadParameterWith400ProblemDetailNamingIt(String path, Map<String, String> parameters, String detail)
			throws Exception {
		MockHttpServletRequestBuilder request = get(path).with(reader());
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

	private static DeviceSummary summary(String deviceId, Instant lastStoredAt, long count) {
		return new DeviceSummary(deviceId, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"),
				lastStoredAt, count);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StoredDevices {

		@Bean
		InMemoryDevices inMemoryDevices() {
			return new InMemoryDevices();
		}

	}

	/** Device summaries in memory, queried as MongoDB serves them. */
	static final class InMemoryDevices implements DeviceQueries {

		private final List<DeviceSummary> summaries = new ArrayList<>();

		private volatile boolean available = true;

		void available(boolean available) {
			this.available = available;
		}

		void store(DeviceSummary summary) {
			this.summaries.add(summary);
		}

		void clear() {
			this.summaries.clear();
		}

		@Override
		public Optional<DeviceSummary> find(String deviceId) {
			requireAvailable();
			return this.summaries.stream().filter((summary) -> summary.deviceId().equals(deviceId)).findFirst();
		}

		@Override
		public List<DeviceSummary> find(String after, Instant storedBefore, Set<String> only, int limit) {
			requireAvailable();
			return this.summaries.stream()
				.filter((summary) -> after == null || summary.deviceId().compareTo(after) > 0)
				.filter((summary) -> storedBefore == null || summary.lastStoredAt().isBefore(storedBefore))
				.filter((summary) -> only == null || only.contains(summary.deviceId()))
				.sorted(Comparator.comparing(DeviceSummary::deviceId))
				.limit(limit)
				.toList();
		}

		@Override
		public long countStoredBefore(Instant storedBefore) {
			requireAvailable();
			return this.summaries.stream().filter((summary) -> summary.lastStoredAt().isBefore(storedBefore)).count();
		}

		@Override
		public long count() {
			requireAvailable();
			return this.summaries.size();
		}

		private void requireAvailable() {
			if (!this.available) {
				throw new ReadingsUnavailableException("MongoDB did not answer in time", null);
			}
		}

	}

}
