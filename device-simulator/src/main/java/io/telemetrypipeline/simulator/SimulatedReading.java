package io.telemetrypipeline.simulator;

/**
 * One reading as a device publishes it.
 *
 * @param thingName the device's thing name, also its {@code deviceId}
 * @param payload the device's JSON payload: {@code deviceId}, {@code messageId},
 * {@code timestamp}, {@code readings} and {@code tags}
 */
record SimulatedReading(String thingName, String payload) {

	/**
	 * The MQTT topic the device publishes to, which the IoT rule selects from.
	 * @return {@code devices/<thing name>/telemetry}
	 */
	String topic() {
		return "devices/" + this.thingName + "/telemetry";
	}

	/**
	 * The message the IoT rule makes of the payload: with {@code clientId} and
	 * {@code topic} of the connection, as {@code SELECT *, clientid() AS clientId,
	 * topic() AS topic} adds them.
	 * @return the SQS message body
	 */
	String asRuleMessage() {
		return this.payload.substring(0, this.payload.length() - 1) + ",\"topic\":\"" + topic() + "\",\"clientId\":\""
				+ this.thingName + "\"}";
	}

}
