package io.telemetrypipeline.infrastructure.iot;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.telemetrypipeline.infrastructure.iot.RuleActions.Outcome;

/**
 * The local IoT rule, {@code SELECT *, clientid() AS clientId, topic() AS topic,
 * timestamp() AS receivedAt FROM 'devices/+/telemetry'}, applied inside the broker to
 * every publish on a device's telemetry topic before the broker acknowledges it: the
 * device's PUBACK waits until SQS accepted the message (or, for a message that can never
 * be forwarded, the error queue did). A message neither accepted is not acknowledged: the
 * broker refuses it (an MQTT 5 device gets a PUBACK with an error code, an MQTT 3 device
 * is disconnected without one), and the device sends it again. One device's messages are
 * forwarded one after the other, in the order published.
 */
final class TelemetryRule implements PublishInboundInterceptor, AutoCloseable {

	private final RuleActions actions;

	private final Duration timeout;

	/** When the rule last refused a publish of each device. */
	private final Map<String, Instant> lastRefused = new ConcurrentHashMap<>();

	/** One thread per stripe of devices, so a device's messages keep their order. */
	private final List<ExecutorService> stripes = new ArrayList<>();

	TelemetryRule(RuleActions actions, Duration timeout, int threads) {
		this.actions = actions;
		this.timeout = timeout;
		for (int i = 0; i < threads; i++) {
			this.stripes
				.add(Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("iot-rule-" + i).factory()));
		}
	}

	/**
	 * A device's telemetry topic.
	 * @param thingName the device's thing name
	 * @return {@code devices/<thingName>/telemetry}
	 */
	static String topicOf(String thingName) {
		return "devices/" + thingName + "/telemetry";
	}

	/**
	 * Whether the rule's topic filter {@code devices/+/telemetry} matches a topic.
	 * @param topic the topic published to
	 * @return whether the rule selects from it
	 */
	static boolean selects(String topic) {
		String[] levels = topic.split("/", -1);
		return levels.length == 3 && levels[0].equals("devices") && !levels[1].isEmpty()
				&& levels[2].equals("telemetry");
	}

	@Override
	public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
		String topic = input.getPublishPacket().getTopic();
		String clientId = input.getClientInformation().getClientId();
		if (!selects(topic) || !topic.equals(topicOf(clientId))) {
			// the broker runs interceptors before it authorizes a publish: a device's own
			// topic is the only one DeviceAuthenticator lets it publish to, and the
			// broker
			// refuses the rest, as IoT Core evaluates the policy before any rule
			return;
		}
		byte[] payload = bytes(input.getPublishPacket().getPayload().orElse(ByteBuffer.allocate(0)));
		Instant receivedAt = Instant.now();
		Async<PublishInboundOutput> async = output.async(this.timeout, TimeoutFallback.FAILURE,
				AckReasonCode.UNSPECIFIED_ERROR, "The rule could not forward the message within " + this.timeout);
		stripe(clientId).execute(() -> {
			if (refusedSince(clientId, receivedAt)
					|| this.actions.apply(payload, clientId, topic, receivedAt) == Outcome.NOT_ACCEPTED) {
				this.lastRefused.put(clientId, Instant.now());
				output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR,
						"The rule could not forward the message to SQS; send it again");
			}
			async.resume();
		});
	}

	/**
	 * Whether a publish came on a connection the broker has closed since, because it
	 * refused an earlier publish of the device: the device sends it again once it has
	 * reconnected, so forwarding it now would only add a copy.
	 * @param clientId the device
	 * @param receivedAt when the broker received the publish
	 * @return whether to refuse it at once
	 */
	private boolean refusedSince(String clientId, Instant receivedAt) {
		Instant refused = this.lastRefused.get(clientId);
		return refused != null && !receivedAt.isAfter(refused);
	}

	private ExecutorService stripe(String clientId) {
		return this.stripes.get(Math.floorMod(clientId.hashCode(), this.stripes.size()));
	}

	private static byte[] bytes(ByteBuffer buffer) {
		ByteBuffer copy = buffer.asReadOnlyBuffer();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return bytes;
	}

	@Override
	public void close() {
		this.stripes.forEach(ExecutorService::shutdownNow);
	}

}
