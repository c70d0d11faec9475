package io.telemetrypipeline.persistence.security;

import java.util.function.Supplier;

import io.telemetrypipeline.persistence.config.PersistenceProperties;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Grants reading a device's readings or summary to a JWT with the API's scope, and, when
 * the token carries the devices claim, only for the device ids listed in it.
 */
final class DeviceReadAccess implements AuthorizationManager<RequestAuthorizationContext> {

	private final String scopeAuthority;

	private final String devicesClaim;

	DeviceReadAccess(PersistenceProperties.Api api) {
		this.scopeAuthority = "SCOPE_" + api.scope();
		this.devicesClaim = api.devicesClaim();
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return new AuthorizationDecision(mayRead(authentication.get(), context.getVariables().get("deviceId")));
	}

	boolean mayRead(Authentication authentication, String deviceId) {
		if (!(authentication instanceof JwtAuthenticationToken token) || !hasScope(token)) {
			return false;
		}
		return ReadableDevices.of(token, this.devicesClaim).includes(deviceId);
	}

	private boolean hasScope(JwtAuthenticationToken token) {
		return token.getAuthorities()
			.stream()
			.anyMatch((authority) -> this.scopeAuthority.equals(authority.getAuthority()));
	}

}
