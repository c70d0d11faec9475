package io.telemetrypipeline.infrastructure.iot;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Pattern;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import lombok.extern.slf4j.Slf4j;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Binds a connection to a thing as AWS IoT Core does with the IoT policy of
 * {@code docs/security.md}: the device's TLS client certificate (already verified against
 * the local authority by the listener) names the thing in its subject's common name; the
 * device may connect only with that thing name as its client id, and may then publish
 * only to {@code devices/<thing name>/telemetry}, at QoS 0 or 1. Everything else (other
 * topics, subscriptions, QoS 2) is denied.
 */
@Slf4j
final class DeviceAuthenticator implements SimpleAuthenticator {

	/** AWS IoT thing names: letters, digits, {@code :}, {@code _} and {@code -}. */
	private static final Pattern THING_NAME = Pattern.compile("[A-Za-z0-9:_-]{1,128}");

	@Override
	public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
		String clientId = input.getConnectPacket().getClientId();
		Optional<X509Certificate> certificate = input.getConnectionInformation()
			.getClientTlsInformation()
			.flatMap(ClientTlsInformation::getClientCertificate);
		if (certificate.isEmpty()) {
			refuse(output, clientId, "it presented no client certificate");
			return;
		}
		Optional<String> thingName = thingName(certificate.get());
		if (thingName.isEmpty()) {
			refuse(output, clientId, "its certificate's subject names no valid thing ("
					+ certificate.get().getSubjectX500Principal().getName() + ")");
			return;
		}
		if (!thingName.get().equals(clientId)) {
			refuse(output, clientId, "its certificate belongs to thing " + thingName.get()
					+ ", and a device connects with its own thing name as client id");
			return;
		}
		output.getDefaultPermissions()
			.add(Builders.topicPermission()
				.topicFilter(TelemetryRule.topicOf(thingName.get()))
				.activity(TopicPermission.MqttActivity.PUBLISH)
				.qos(TopicPermission.Qos.ZERO_ONE)
				.type(TopicPermission.PermissionType.ALLOW)
				.build());
		output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
		output.authenticateSuccessfully();
	}

	/**
	 * The thing a certificate names: its subject's one common name, if a valid thing
	 * name.
	 * @param certificate the device's certificate
	 * @return the thing name, or empty
	 */
	static Optional<String> thingName(X509Certificate certificate) {
		RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
		if (names.length != 1) {
			return Optional.empty();
		}
		String name = IETFUtils.valueToString(names[0].getFirst().getValue());
		return THING_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
	}

	private static void refuse(SimpleAuthOutput output, String clientId, String reason) {
		log.warn("MQTT connection of client {} refused: {}", clientId, reason);
		output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "Not authorized: " + reason);
	}

}
