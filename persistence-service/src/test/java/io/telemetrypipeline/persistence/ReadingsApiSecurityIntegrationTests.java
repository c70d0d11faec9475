package io.telemetrypipeline.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.telemetrypipeline.infrastructure.PipelineInfrastructure;
import io.telemetrypipeline.infrastructure.TokenIssuer;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.persistence.store.KafkaPosition;
import io.telemetrypipeline.persistence.store.ReadingWriter;
import io.telemetrypipeline.testinfrastructure.SharedInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readings API as an OAuth2 resource server over real HTTP, with tokens signed by a
 * key pair generated for this test: no token is a 401, a token without the scope or for
 * another device a 403, both as problem details; a valid token reads the readings. The
 * devices API follows the same rules, and a listing shows a restricted token only its
 * devices. Actuator is on the management port only, where probes and Prometheus need no
 * token and health details need scope {@code actuator:read}.
 */
@SpringBootTest(classes = PersistenceServiceApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ReadingsApiSecurityIntegrationTests {

	static final PipelineInfrastructure infrastructure = SharedInfrastructure.get();

	static final TokenIssuer issuer = TokenIssuer.generate();

	static final Duration VALIDITY = Duration.ofMinutes(10);

	static final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		infrastructure.springProperties().forEach((key, value) -> registry.add(key, () -> value));
		issuer.resourceServerProperties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ReadingWriter writer;

	private String device;

	@BeforeEach
	void storeReadings() {
		this.device = "secured-" + UUID.randomUUID().toString().substring(0, 8);
		Instant measured = Instant.parse("2026-11-20T00:00:00Z");
		List<TelemetryEvent> events = List.of(event(this.device, "m1", measured),
				event(this.device, "m2", measured.plusSeconds(1)));
		assertThat(this.writer.write(events, (event) -> event,
				(event) -> new KafkaPosition(0, event.measuredAt().getEpochSecond())))
			.hasSize(2);
	}

	@Test
	void answersARequestWithoutATokenWith401AsProblemDetail() {
		ResponseEntity<String> response = get(this.port, readingsOf(this.device), null);

		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(response.getBody()).contains("\"status\":401", "\"title\":\"Unauthorized\"", "readings:read");
	}

	@Test
	void answersATokenThatIsExpiredOrSignedByAnotherKeyWith401() {
		String expired = issuer.expiredToken("client", List.of("readings:read"));
		String foreign = TokenIssuer.generate().token("client", List.of("readings:read"), null, VALIDITY);

		assertThat(get(this.port, readingsOf(this.device), expired).getStatusCode().value()).isEqualTo(401);
		ResponseEntity<String> response = get(this.port, readingsOf(this.device), foreign);
		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
		assertThat(response.getBody()).contains("The bearer token was refused");
	}

	@Test
	void answersATokenWithoutTheReadingsScopeWith403AsProblemDetail() {
		String token = issuer.token("client", List.of("actuator:read"), null, VALIDITY);

		ResponseEntity<String> response = get(this.port, readingsOf(this.device), token);

		assertThat(response.getStatusCode().value()).isEqualTo(403);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).contains("\"status\":403", "\"title\":\"Forbidden\"");
	}

	@Test
	void answersATokenLimitedToOtherDevicesWith403() {
		String token = issuer.token("device-owner", List.of("readings:read"), List.of("another-device"), VALIDITY);

		assertThat(get(this.port, readingsOf(this.device), token).getStatusCode().value()).isEqualTo(403);
		assertThat(get(this.port, readingsOf(this.device) + "/latest", token).getStatusCode().value()).isEqualTo(403);
	}

	@Test
	void servesTheReadingsToAValidTokenForAnyOrItsOwnDevices() {
		String anyDevice = issuer.token("dashboard", List.of("readings:read"), null, VALIDITY);
		String ownDevice = issuer.token("device-owner", List.of("readings:read"), List.of("other", this.device),
				VALIDITY);

		ResponseEntity<String> all = get(this.port, readingsOf(this.device), anyDevice);
		assertThat(all.getStatusCode().value()).isEqualTo(200);
		assertThat(all.getBody()).contains("\"eventId\":\"" + this.device + "/m2\"",
				"\"eventId\":\"" + this.device + "/m1\"");
		ResponseEntity<String> latest = get(this.port, readingsOf(this.device) + "/latest", ownDevice);
		assertThat(latest.getStatusCode().value()).isEqualTo(200);
		assertThat(latest.getBody()).contains("\"eventId\":\"" + this.device + "/m2\"");
	}

	@Test
	void appliesTheSameTokenRulesToTheDevicesApi() {
		String noScope = issuer.token("client", List.of("actuator:read"), null, VALIDITY);
		String otherDevice = issuer.token("device-owner", List.of("readings:read"), List.of("another-device"),
				VALIDITY);
		String ownDevice = issuer.token("device-owner", List.of("readings:read"), List.of(this.device), VALIDITY);

		assertThat(get(this.port, "/api/devices/" + this.device, null).getStatusCode().value()).isEqualTo(401);
		assertThat(get(this.port, "/api/devices", null).getStatusCode().value()).isEqualTo(401);
		ResponseEntity<String> refused = get(this.port, "/api/devices", noScope);
		assertThat(refused.getStatusCode().value()).isEqualTo(403);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(get(this.port, "/api/devices/" + this.device, noScope).getStatusCode().value()).isEqualTo(403);
		assertThat(get(this.port, "/api/devices/" + this.device, otherDevice).getStatusCode().value()).isEqualTo(403);

		ResponseEntity<String> own = get(this.port, "/api/devices/" + this.device, ownDevice);
		assertThat(own.getStatusCode().value()).isEqualTo(200);
		assertThat(own.getBody()).contains("\"deviceId\":\"" + this.device + "\"", "\"readingCount\":2");
		ResponseEntity<String> listing = get(this.port, "/api/devices?limit=1000", ownDevice);
		assertThat(listing.getStatusCode().value()).isEqualTo(200);
		assertThat(json.readTree(listing.getBody())).singleElement()
			.satisfies((summary) -> assertThat(summary.get("deviceId").asString()).isEqualTo(this.device));
		assertThat(get(this.port, "/api/devices", otherDevice).getBody()).isEqualTo("[]");
	}

	@Test
	void servesActuatorOnlyOnTheManagementPortWithDetailsOnlyForAnAuthorizedToken() {
		String reader = issuer.token("dashboard", List.of("readings:read"), null, VALIDITY);
		String operator = issuer.token("operator", List.of("actuator:read"), null, VALIDITY);

		assertThat(get(this.port, "/actuator/health", reader).getStatusCode().value()).isEqualTo(404);
		assertThat(get(this.port, "/actuator/prometheus", null).getStatusCode().value()).isEqualTo(401);

		ResponseEntity<String> readiness = get(this.managementPort, "/actuator/health/readiness", null);
		assertThat(readiness.getStatusCode().value()).isEqualTo(200);
		assertThat(readiness.getBody()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(get(this.managementPort, "/actuator/health/liveness", null).getBody())
			.isEqualTo("{\"status\":\"UP\"}");
		assertThat(get(this.managementPort, "/actuator/health", reader).getBody()).contains("\"status\":\"UP\"")
			.doesNotContain("components", "kafka", "mongo");
		assertThat(get(this.managementPort, "/actuator/health", operator).getBody()).contains("\"kafka\"", "\"mongo\"");
		assertThat(get(this.managementPort, "/actuator/prometheus", null).getBody())
			.contains("telemetry_persistence_records_written_total");
		assertThat(get(this.managementPort, "/actuator/env", operator).getStatusCode().value()).isEqualTo(404);
	}

	private static String readingsOf(String device) {
		return "/api/devices/" + device + "/readings";
	}

	private static ResponseEntity<String> get(int port, String path, String token) {
		return RestClient.create("http://127.0.0.1:" + port).get().uri(path).headers((headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
		}).retrieve().onStatus((status) -> true, (request, response) -> {
		}).toEntity(String.class);
	}

	private static TelemetryEvent event(String device, String messageId, Instant measuredAt) {
		return new TelemetryEvent(1, device + "/" + messageId, device, measuredAt, Map.of("temperature", 20.5),
				Map.of(), new TelemetryEvent.Origin("sqs-" + messageId, Instant.now(), null, null));
	}

}
