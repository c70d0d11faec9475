package io.telemetrypipeline.persistence.security;

import java.util.List;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Which devices the request's access token may read: every device, or only those its
 * devices claim lists. A controller method takes it as a parameter to narrow a listing to
 * what the token may see; endpoints of one device are guarded before the controller
 * ({@link DeviceReadAccess}).
 *
 * @param listed the device ids the token is restricted to, or {@code null} for every
 * device
 */
public record ReadableDevices(Set<String> listed) {

	/** A token without the devices claim: every device. */
	public static final ReadableDevices ALL = new ReadableDevices(null);

	public ReadableDevices {
		listed = (listed != null) ? Set.copyOf(listed) : null;
	}

	/**
	 * The devices a token may read.
	 * @param authentication the request's authentication
	 * @param devicesClaim the name of the claim that restricts a token to devices
	 * @return every device for a token without the claim, none for a token whose claim is
	 * no list of ids, else the listed ones
	 */
	static ReadableDevices of(Authentication authentication, String devicesClaim) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return new ReadableDevices(Set.of());
		}
		if (!token.getToken().hasClaim(devicesClaim)) {
			return ALL;
		}
		List<String> devices;
		try {
			devices = token.getToken().getClaimAsStringList(devicesClaim);
		}
		catch (RuntimeException ex) {
			devices = null;
		}
		return new ReadableDevices((devices != null) ? Set.copyOf(devices) : Set.of());
	}

	/**
	 * Whether the token may read a device.
	 * @param deviceId the device
	 * @return whether it may
	 */
	public boolean includes(String deviceId) {
		return this.listed == null || this.listed.contains(deviceId);
	}

	/**
	 * Whether the token may read every device.
	 * @return {@code true} unless it carries the devices claim
	 */
	public boolean all() {
		return this.listed == null;
	}

}
