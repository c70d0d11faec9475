package io.telemetrypipeline.infrastructure.proxy;

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
 * A TCP proxy on a loopback port in front of a server, so that the address clients use
 * can fail the way a server does:
 * <ul>
 * <li>{@link #stall()} until {@link #resume()}: connections stay open and new ones are
 * accepted, but no byte passes in either direction (a server that hangs);</li>
 * <li>{@link #disconnect()} until {@link #reconnect()}: the port refuses connections and
 * the open ones close (a server that is down); it comes back on the same port.</li>
 * </ul>
 * It can also delay the bytes a client sends by a fixed time before they reach the
 * target, emulating a remote endpoint (e.g. SQS ~20 ms away) in front of a local one:
 * each chunk is forwarded at the time it was read plus the delay, in order, so a
 * request/response exchange takes about {@code delay} longer while pipelined chunks do
 * not add up their delays. Target-to-client bytes pass undelayed. A half-close (end of
 * stream) travels behind the data before it, in either direction; a connection error on
 * either side closes both sides. Each connection uses virtual threads.
 */
public final class TcpProxy implements AutoCloseable {

	private static final int BACKLOG = 200;

	private final InetSocketAddress target;

	private final Duration delay;

	private final Gate gate = new Gate();

	private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();

	private final int port;

	private ServerSocket server;

	private TcpProxy(ServerSocket server, InetSocketAddress target, Duration delay) {
		this.server = server;
		this.port = server.getLocalPort();
		this.target = target;
		this.delay = delay;
	}

	/**
	 * Starts a proxy on a free loopback port.
	 * @param targetHost the target's host
	 * @param targetPort the target's port
	 * @param delay the time added to the client-to-target direction, zero or more
	 * @return the running proxy
	 */
	public static TcpProxy start(String targetHost, int targetPort, Duration delay) {
		return start(0, targetHost, targetPort, delay);
	}

	/**
	 * Starts a proxy on the given loopback port.
	 * @param port the port to listen on, 0 for a free one
	 * @param targetHost the target's host
	 * @param targetPort the target's port; the target need not listen yet
	 * @param delay the time added to the client-to-target direction, zero or more
	 * @return the running proxy
	 */
	public static TcpProxy start(int port, String targetHost, int targetPort, Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("The delay must not be negative, was " + delay);
		}
		TcpProxy proxy = new TcpProxy(listen(port), new InetSocketAddress(targetHost, targetPort), delay);
		proxy.acceptInBackground(proxy.server);
		return proxy;
	}

	/**
	 * The loopback port the proxy listens on, the same across {@link #disconnect()} and
	 * {@link #reconnect()}.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Holds every byte from now on, in both directions, until {@link #resume()}; open
	 * connections stay open and new ones are accepted.
	 */
	public void stall() {
		this.gate.close();
	}

	/** Forwards again, first the bytes held since {@link #stall()}. */
	public void resume() {
		this.gate.open();
	}

	/**
	 * Stops listening and closes the open connections, so that clients are refused until
	 * {@link #reconnect()} is called.
	 */
	public synchronized void disconnect() {
		if (this.server != null) {
			closeQuietly(this.server);
			this.server = null;
		}
		this.connections.forEach(ProxiedConnection::abort);
	}

	/** Listens again on the same port after {@link #disconnect()}. */
	public synchronized void reconnect() {
		if (this.server == null) {
			this.server = listen(this.port);
			acceptInBackground(this.server);
		}
	}

	/** Stops accepting connections and closes the open ones. */
	@Override
	public void close() {
		disconnect();
		this.gate.open();
	}

	private static ServerSocket listen(int port) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on loopback port " + port + " for the proxy", ex);
		}
	}

	private void acceptInBackground(ServerSocket listener) {
		Thread.ofPlatform()
			.name("tcp-proxy-" + listener.getLocalPort())
			.daemon()
			.start(() -> acceptConnections(listener));
	}

	private void acceptConnections(ServerSocket listener) {
		while (!listener.isClosed()) {
			try {
				Socket client = listener.accept();
				Thread.ofVirtual().name("tcp-proxy-connect").start(() -> open(client, listener));
			}
			catch (SocketException ex) {
				// the proxy was disconnected or closed
			}
			catch (IOException ex) {
				// a failed accept concerns one connection only
			}
		}
	}

	private void open(Socket client, ServerSocket listener) {
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
		ProxiedConnection connection = new ProxiedConnection(client, upstream, this.delay, this.gate,
				this.connections::remove);
		this.connections.add(connection);
		if (listener.isClosed()) {
			connection.abort();
			return;
		}
		connection.start();
	}

	private static void closeQuietly(ServerSocket server) {
		try {
			server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
