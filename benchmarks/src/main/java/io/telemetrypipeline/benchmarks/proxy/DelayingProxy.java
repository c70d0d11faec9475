package io.telemetrypipeline.benchmarks.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free loopback port that delays the bytes a client sends by a fixed
 * time before they reach the target, emulating a remote endpoint (e.g. SQS ~20 ms away)
 * in front of a local one. The whole delay is applied client-to-target: each chunk is
 * forwarded at the time it was read plus the delay, in order, so a request/response
 * exchange takes about {@code delay} longer while pipelined chunks do not add up their
 * delays. Target-to-client bytes pass unchanged. A half-close (end of stream) travels
 * behind the data before it, in either direction; a connection error on either side
 * closes both sides. Each connection uses virtual threads.
 */
public final class DelayingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Duration delay;

	private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();

	private DelayingProxy(ServerSocket server, InetSocketAddress target, Duration delay) {
		this.server = server;
		this.target = target;
		this.delay = delay;
	}

	/**
	 * Starts a proxy to the given target.
	 * @param targetHost the target's host
	 * @param targetPort the target's port
	 * @param delay the time added to the client-to-target direction, zero or more
	 * @return the running proxy
	 */
	public static DelayingProxy start(String targetHost, int targetPort, Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("The delay must not be negative, was " + delay);
		}
		try {
			ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
			DelayingProxy proxy = new DelayingProxy(server, new InetSocketAddress(targetHost, targetPort), delay);
			Thread.ofPlatform()
				.name("delaying-proxy-" + server.getLocalPort())
				.daemon()
				.start(proxy::acceptConnections);
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open a loopback port for the proxy", ex);
		}
	}

	/**
	 * The loopback port the proxy listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Stops accepting connections and closes the open ones.
	 */
	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.connections.forEach(ProxiedConnection::abort);
	}

	private void acceptConnections() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Thread.ofVirtual().name("delaying-proxy-connect").start(() -> open(client));
			}
			catch (SocketException ex) {
				// the proxy was closed
			}
			catch (IOException ex) {
				// a failed accept concerns one connection only
			}
		}
	}

	private void open(Socket client) {
		Socket upstream = new Socket();
		try {
			client.setTcpNoDelay(true);
			upstream.setTcpNoDelay(true);
			upstream.connect(this.target, 10_000);
		}
		catch (IOException ex) {
			ProxiedConnection.closeQuietly(upstream);
			ProxiedConnection.closeQuietly(client);
			return;
		}
		ProxiedConnection connection = new ProxiedConnection(client, upstream, this.delay, this.connections::remove);
		this.connections.add(connection);
		if (this.server.isClosed()) {
			connection.abort();
			return;
		}
		connection.start();
	}

}
