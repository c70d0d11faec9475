package io.telemetrypipeline.persistence.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.telemetrypipeline.persistence.config.PersistenceProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;

/**
 * Answers refused requests as RFC 9457 problem details
 * ({@code application/problem+json}), keeping the RFC 6750 {@code WWW-Authenticate}
 * header that says why the bearer token was refused.
 */
final class ProblemResponses {

	private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();

	private final JsonMapper json;

	private final PersistenceProperties.Api api;

	ProblemResponses(JsonMapper json, PersistenceProperties.Api api) {
		this.json = json;
		this.api = api;
	}

	void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		this.bearerEntryPoint.commence(request, response, ex);
		String detail = (request.getHeader("Authorization") != null)
				? "The bearer token was refused: " + ex.getMessage()
				: "This API needs an OAuth2 bearer token (a JWT) with scope '" + this.api.scope() + "'";
		write(request, response, HttpStatus.UNAUTHORIZED, detail);
	}

	void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		this.bearerAccessDenied.handle(request, response, ex);
		write(request, response, HttpStatus.FORBIDDEN,
				"The bearer token does not grant this request: reading " + "needs scope '" + this.api.scope()
						+ "' and, when the token has a '" + this.api.devicesClaim()
						+ "' claim, the device id listed in it");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
