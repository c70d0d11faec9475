package io.telemetrypipeline.infrastructure.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.waitAtMost;

/**
 * Tests for {@link TcpProxy} against a local echo server.
 */
class TcpProxyTests {

	private static final Duration DELAY = Duration.ofMillis(100);

	private ServerSocket echoServer;

	@BeforeEach
	void startEchoServer() throws IOException {
		this.echoServer = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
		Thread.ofPlatform().daemon().start(() -> {
			while (!this.echoServer.isClosed()) {
				try {
					Socket connection = this.echoServer.accept();
					Thread.ofVirtual().start(() -> echo(connection));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	@AfterEach
	void stopEchoServer() throws IOException {
		this.echoServer.close();
	}

	@Test
	void addsTheDelayToARequestResponseExchange() throws IOException {
		byte[] request = "POST / HTTP/1.1\r\nHost: sqs\r\nContent-Length: 2\r\n\r\n{}"
			.getBytes(StandardCharsets.US_ASCII);
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", this.echoServer.getLocalPort(), DELAY);
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
			exchange(socket, new byte[] { 1 });
			long started = System.nanoTime();
			byte[] response = exchange(socket, request);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			assertThat(response).isEqualTo(request);
			assertThat(elapsed).isGreaterThanOrEqualTo(DELAY).isLessThan(DELAY.multipliedBy(3));
		}
	}

	@Test
	void delaysEachChunkFromTheTimeItWasReadSoPipelinedChunksDoNotAddUp() throws Exception {
		int chunks = 10;
		Duration delay = Duration.ofMillis(200);
		ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", this.echoServer.getLocalPort(), delay);
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
			OutputStream out = socket.getOutputStream();
			long started = System.nanoTime();
			for (int chunk = 0; chunk < chunks; chunk++) {
				byte value = (byte) chunk;
				sender.schedule(() -> {
					out.write(value);
					out.flush();
					return null;
				}, chunk * 30L, TimeUnit.MILLISECONDS);
			}
			byte[] echoed = socket.getInputStream().readNBytes(chunks);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			assertThat(echoed).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
			assertThat(elapsed).isGreaterThanOrEqualTo(delay).isLessThan(delay.multipliedBy(chunks / 2));
		}
		finally {
			sender.shutdownNow();
		}
	}

	@Test
	void forwardsALargePayloadIntactAndPropagatesTheHalfClose() throws Exception {
		byte[] payload = randomBytes(1024 * 1024, 1);
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", this.echoServer.getLocalPort(), DELAY)) {
			assertThat(sendAndReadUntilEnd(proxy.port(), payload)).isEqualTo(payload);
		}
	}

	@Test
	void carriesFiftyConcurrentConnectionsIntact() throws Exception {
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", this.echoServer.getLocalPort(), DELAY);
				ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			List<byte[]> payloads = new ArrayList<>();
			List<Future<byte[]>> echoes = new ArrayList<>();
			for (int connection = 0; connection < 50; connection++) {
				byte[] payload = randomBytes(64 * 1024 + connection, connection);
				payloads.add(payload);
				echoes.add(clients.submit(() -> sendAndReadUntilEnd(proxy.port(), payload)));
			}
			for (int connection = 0; connection < 50; connection++) {
				assertThat(echoes.get(connection).get(30, TimeUnit.SECONDS)).isEqualTo(payloads.get(connection));
			}
		}
	}

	@Test
	void closesTheClientConnectionWhenTheTargetIsNotListening() throws IOException {
		int closedPort;
		try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = unused.getLocalPort();
		}
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", closedPort, DELAY);
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
			socket.setSoTimeout(10_000);
			assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
		}
	}

	@Test
	void closingTheProxyClosesItsOpenConnections() throws IOException {
		TcpProxy proxy = TcpProxy.start("127.0.0.1", this.echoServer.getLocalPort(), Duration.ZERO);
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
			socket.setSoTimeout(10_000);
			assertThat(exchange(socket, new byte[] { 42 })).containsExactly(42);
			proxy.close();
			assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
		}
	}

	@Test
	void stallHoldsTheBytesOfAnOpenConnectionUntilResume() throws IOException {
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", this.echoServer.getLocalPort(), Duration.ZERO);
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
			socket.setSoTimeout(300);
			assertThat(exchange(socket, new byte[] { 1 })).containsExactly(1);

			proxy.stall();
			socket.getOutputStream().write(2);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> socket.getInputStream().read());
			try (Socket during = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
				assertThat(during.isConnected()).as("a new connection is accepted while stalled").isTrue();
			}
			proxy.resume();

			socket.setSoTimeout(10_000);
			assertThat(socket.getInputStream().read()).isEqualTo(2);
			assertThat(exchange(socket, new byte[] { 3 })).containsExactly(3);
		}
	}

	@Test
	void disconnectRefusesAndClosesConnectionsUntilReconnectOnTheSamePort() throws IOException {
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", this.echoServer.getLocalPort(), Duration.ZERO)) {
			int port = proxy.port();
			Socket before = new Socket(InetAddress.getLoopbackAddress(), port);
			before.setSoTimeout(10_000);
			assertThat(exchange(before, new byte[] { 1 })).containsExactly(1);

			proxy.disconnect();
			assertThat(readOrReset(before.getInputStream())).isEqualTo(-1);
			before.close();
			// the listening socket goes away once its accepting thread saw the close
			waitAtMost(Duration.ofSeconds(5)).until(() -> refusesConnections(port));
			proxy.reconnect();

			assertThat(proxy.port()).isEqualTo(port);
			try (Socket after = new Socket(InetAddress.getLoopbackAddress(), port)) {
				after.setSoTimeout(10_000);
				assertThat(exchange(after, new byte[] { 2 })).containsExactly(2);
			}
		}
	}

	/**
	 * Whether nothing listens on the port. A connect to a port in the ephemeral range
	 * that nothing listens on can, rarely, pick that same port as its own and connect the
	 * socket to itself; such an attempt is repeated.
	 */
	private static boolean refusesConnections(int port) throws IOException {
		for (int attempt = 0; attempt < 5; attempt++) {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
				if (socket.getLocalPort() != port) {
					return false;
				}
			}
			catch (ConnectException ex) {
				return true;
			}
		}
		return false;
	}

	@Test
	void listensOnTheGivenPort() throws IOException {
		int free;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			free = probe.getLocalPort();
		}
		try (TcpProxy proxy = TcpProxy.start(free, "127.0.0.1", this.echoServer.getLocalPort(), Duration.ZERO);
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), free)) {
			socket.setSoTimeout(10_000);
			assertThat(proxy.port()).isEqualTo(free);
			assertThat(exchange(socket, new byte[] { 7 })).containsExactly(7);
		}
	}

	private static byte[] exchange(Socket socket, byte[] request) throws IOException {
		socket.getOutputStream().write(request);
		socket.getOutputStream().flush();
		return socket.getInputStream().readNBytes(request.length);
	}

	private static byte[] sendAndReadUntilEnd(int port, byte[] payload) throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			Thread writer = Thread.ofVirtual().start(() -> {
				try {
					socket.getOutputStream().write(payload);
					socket.shutdownOutput();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			byte[] echoed = socket.getInputStream().readAllBytes();
			writer.join();
			return echoed;
		}
	}

	/** Reads one byte; a reset counts as the end of the stream. */
	private static int readOrReset(InputStream in) throws IOException {
		try {
			return in.read();
		}
		catch (SocketException ex) {
			return -1;
		}
	}

	private static byte[] randomBytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static void echo(Socket connection) {
		try (connection) {
			connection.getInputStream().transferTo(connection.getOutputStream());
			connection.shutdownOutput();
		}
		catch (IOException ex) {
			// the client went away
		}
	}

}
