package io.telemetrypipeline.persistence.security;

import io.telemetrypipeline.persistence.config.PersistenceProperties;
import lombok.extern.slf4j.Slf4j;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. The readings and devices API needs a JWT access token with the
 * configured scope ({@code readings:read}); a token that carries the devices claim reads
 * only the devices it lists (a listing shows it only those, see {@link ReadableDevices}).
 * Actuator, served on the management port only, answers probes and Prometheus without a
 * token (the network policy restricts that port) and shows health details only to a token
 * allowed by {@code management.endpoint.health.roles}.
 * <p>
 * Fails closed: with no issuer, JWK set or public key configured, every token is refused,
 * so every API request gets a 401, and a warning at startup says what to configure.
 */
@Slf4j
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	static final String NOT_CONFIGURED = "No issuer or key is configured for access tokens, so every readings API "
			+ "request is refused with 401. Set spring.security.oauth2.resourceserver.jwt.issuer-uri (your OpenID "
			+ "Connect issuer), jwk-set-uri, or public-key-location (an RSA public key in PEM), e.g. through "
			+ "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> decoders,
			PersistenceProperties properties, JsonMapper json) {
		JwtDecoder decoder = decoders.getIfAvailable(ApiSecurityConfiguration::refusingDecoder);
		ProblemResponses problems = new ProblemResponses(json, properties.api());
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.toAnyEndpoint())
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/devices/{deviceId}/readings",
					"/api/devices/{deviceId}/readings/latest", "/api/devices/{deviceId}")
			.access(new DeviceReadAccess(properties.api()))
			.requestMatchers(HttpMethod.GET, "/api/devices")
			.hasAuthority("SCOPE_" + properties.api().scope())
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.decoder(decoder))
				.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable);
		return http.build();
	}

	private static JwtDecoder refusingDecoder() {
		log.warn(NOT_CONFIGURED);
		return (token) -> {
			throw new BadJwtException("this service has no issuer or key configured to verify tokens with");
		};
	}

}
