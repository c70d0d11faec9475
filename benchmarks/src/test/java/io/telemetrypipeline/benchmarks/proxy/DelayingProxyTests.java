package io.telemetrypipeline.benchmarks.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
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

/**
 * Tests for {@link DelayingProxy} against a local echo server.
 */
class DelayingProxyTests {

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
		try (DelayingProxy proxy = DelayingProxy.start("127.0.0.1", this.echoServer.getLocalPort(), DELAY);
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
		try (DelayingProxy proxy = DelayingProxy.start("127.0.0.1", this.echoServer.getLocalPort(), delay);
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
		try (DelayingProxy proxy = DelayingProxy.start("127.0.0.1", this.echoServer.getLocalPort(), DELAY)) {
			assertThat(sendAndReadUntilEnd(proxy.port(), payload)).isEqualTo(payload);
		}
	}

	@Test
	void carriesFiftyConcurrentConnectionsIntact() throws Exception {
		try (DelayingProxy proxy = DelayingProxy.start("127.0.0.1", this.echoServer.getLocalPort(), DELAY);
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
		try (DelayingProxy proxy = DelayingProxy.start("127.0.0.1", closedPort, DELAY);
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
			socket.setSoTimeout(10_000);
			assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
		}
	}

	@Test
	void closingTheProxyClosesItsOpenConnections() throws IOException {
		DelayingProxy proxy = DelayingProxy.start("127.0.0.1", this.echoServer.getLocalPort(), Duration.ZERO);
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
			socket.setSoTimeout(10_000);
			assertThat(exchange(socket, new byte[] { 42 })).containsExactly(42);
			proxy.close();
			assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
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
