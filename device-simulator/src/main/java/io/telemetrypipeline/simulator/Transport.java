package io.telemetrypipeline.simulator;

import java.util.List;

/**
 * How simulated readings leave the fleet: over MQTT as devices publish them
 * ({@link MqttDevices}), or straight into SQS as the IoT rule would write them
 * ({@link SqsTransport}).
 */
interface Transport extends AutoCloseable {

	/**
	 * Sends readings; returns at once or once sent, as the transport does.
	 * @param readings what the devices measured
	 */
	void send(List<SimulatedReading> readings);

	/**
	 * Readings the other side accepted so far: acknowledged by the MQTT broker, or by
	 * SQS.
	 * @return the count
	 */
	long accepted();

	@Override
	void close();

}
