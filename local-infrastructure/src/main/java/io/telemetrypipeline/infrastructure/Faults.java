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

}
