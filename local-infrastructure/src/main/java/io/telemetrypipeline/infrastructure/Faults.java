package io.telemetrypipeline.infrastructure;

/**
 * Fault injection on the servers of a {@link PipelineInfrastructure}, the same on every
 * path (embedded servers and containers), so a fault scenario runs wherever the servers
 * come from. Each server's address stays the same throughout.
 */
public interface Faults {

	/**
	 * Takes a server down, as an outage does: its address refuses connections and the
	 * open ones close. What it stored is kept for {@link #start(Server)}.
	 * @param server the server
	 */
	void stop(Server server);

	/**
	 * Brings a stopped server back on the same address with what it stored, and returns
	 * once it accepts connections again.
	 * @param server the server
	 */
	void start(Server server);

	/**
	 * Makes a server hang: open connections stay open and new ones are accepted, but
	 * nothing is answered until {@link #resume(Server)}, so clients run into their own
	 * timeouts.
	 * @param server the server
	 */
	void stall(Server server);

	/**
	 * Lets a stalled server answer again, first what it was sent while stalled.
	 * @param server the server
	 */
	void resume(Server server);

	/**
	 * Kills one Kafka broker of a cluster abruptly, as {@code kill -9} does: its address
	 * refuses connections and the open ones close; the other brokers take over the
	 * partitions it led once the controllers fence it. Its log is kept for
	 * {@link #startKafkaBroker(int)}.
	 * @param nodeId the broker's node id, from 1 to the number of brokers (see
	 * {@link InfrastructureSettings#withKafkaBrokers(int)})
	 * @throws UnsupportedOperationException where these servers cannot kill one broker
	 */
	default void killKafkaBroker(int nodeId) {
		throw new UnsupportedOperationException("These servers cannot kill Kafka broker " + nodeId
				+ " on its own: start embedded servers with InfrastructureSettings.withKafkaBrokers(3)");
	}

	/**
	 * Starts a killed Kafka broker again on the same address with its log, and returns
	 * once it answers; it catches up with the other replicas by itself.
	 * @param nodeId the broker's node id, from 1 to the number of brokers
	 * @throws UnsupportedOperationException where these servers cannot start one broker
	 */
	default void startKafkaBroker(int nodeId) {
		throw new UnsupportedOperationException("These servers cannot start Kafka broker " + nodeId
				+ " on its own: start embedded servers with InfrastructureSettings.withKafkaBrokers(3)");
	}

}
