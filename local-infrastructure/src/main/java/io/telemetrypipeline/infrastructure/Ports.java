package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free loopback ports for servers and services started by tests and the local run.
 * <p>
 * A port is picked below the operating system's ephemeral range: a port the kernel handed
 * out for {@code bind(0)} is free only until the next outgoing connection takes it as its
 * source port, which on a busy machine (many test JVMs with Kafka, SQS and HTTP clients)
 * can happen before the server that was meant to get it binds.
 */
public final class Ports {

	/** The lowest port handed out. */
	static final int LOWEST = 10_000;

	/** Where the ephemeral range starts when the system does not say. */
	private static final int DEFAULT_EPHEMERAL_START = 32_768;

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	private static final int ATTEMPTS = 100;

	/** Read once: the range does not change while tests run. */
	private static final int EPHEMERAL_START = readEphemeralStart();

	private Ports() {
	}

	/**
	 * A loopback port that was free a moment ago, below the ephemeral range where the
	 * system has room for it.
	 * @return the port
	 */
	public static int free() {
		int end = ephemeralStart();
		if (end - LOWEST >= 1_000) {
			for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
				int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
				if (bindable(port)) {
					return port;
				}
			}
		}
		return anyFree();
	}

	/**
	 * The first port of the ephemeral range: from Linux's
	 * {@code net.ipv4.ip_local_port_range}, else {@value #DEFAULT_EPHEMERAL_START}, which
	 * lies below the ranges of other systems too.
	 * @return the first ephemeral port
	 */
	static int ephemeralStart() {
		return EPHEMERAL_START;
	}

	private static int readEphemeralStart() {
		try {
			// a /proc file reports no size, so it is read line by line
			return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).strip().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL_START;
		}
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int anyFree() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

}
