package io.telemetrypipeline.infrastructure.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client connection and its connection to the target. Three virtual threads: one
 * reads the client and stamps each chunk with its due time, one writes the chunks to the
 * target when they are due, one copies the target's bytes to the client. Both writers
 * wait while the proxy's {@link Gate} is closed (stalled). Both sockets close when both
 * directions have ended, or at once on an error.
 */
final class ProxiedConnection {

	private static final int CHUNK_SIZE = 64 * 1024;

	/** At most this many chunks wait for their time; a full queue slows the client. */
	private static final int QUEUED_CHUNKS = 256;

	private static final byte[] END_OF_STREAM = new byte[0];

	private final Socket client;

	private final Socket upstream;

	private final long delayNanos;

	private final Gate gate;

	private final Consumer<ProxiedConnection> onClosed;

	private final BlockingQueue<Chunk> due = new ArrayBlockingQueue<>(QUEUED_CHUNKS);

	private final AtomicInteger openDirections = new AtomicInteger(2);

	private final AtomicBoolean closed = new AtomicBoolean();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	ProxiedConnection(Socket client, Socket upstream, Duration delay, Gate gate, Consumer<ProxiedConnection> onClosed) {
		this.client = client;
		this.upstream = upstream;
		this.delayNanos = delay.toNanos();
		this.gate = gate;
		this.onClosed = onClosed;
	}

	void start() {
		this.threads.add(Thread.ofVirtual().name("tcp-proxy-to-target").start(this::writeWhenDue));
		this.threads.add(Thread.ofVirtual().name("tcp-proxy-from-client").start(this::readClient));
		this.threads.add(Thread.ofVirtual().name("tcp-proxy-to-client").start(this::copyToClient));
		if (this.closed.get()) {
			this.threads.forEach(Thread::interrupt);
		}
	}

	/** Closes both sockets at once, dropping chunks not yet forwarded. */
	void abort() {
		if (this.closed.compareAndSet(false, true)) {
			closeQuietly(this.client);
			closeQuietly(this.upstream);
			this.threads.forEach(Thread::interrupt);
			this.onClosed.accept(this);
		}
	}

	private void readClient() {
		try {
			InputStream in = this.client.getInputStream();
			byte[] buffer = new byte[CHUNK_SIZE];
			while (true) {
				int read = in.read(buffer);
				long dueAt = System.nanoTime() + this.delayNanos;
				if (read < 0) {
					this.due.put(new Chunk(END_OF_STREAM, dueAt));
					return;
				}
				this.due.put(new Chunk(Arrays.copyOf(buffer, read), dueAt));
			}
		}
		catch (IOException | InterruptedException ex) {
			abort();
		}
	}

	private void writeWhenDue() {
		try {
			OutputStream out = this.upstream.getOutputStream();
			while (true) {
				Chunk chunk = this.due.take();
				long wait = chunk.dueAt() - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				this.gate.awaitOpen();
				if (chunk.bytes() == END_OF_STREAM) {
					this.upstream.shutdownOutput();
					directionEnded();
					return;
				}
				out.write(chunk.bytes());
			}
		}
		catch (IOException | InterruptedException ex) {
			abort();
		}
	}

	private void copyToClient() {
		try {
			InputStream in = this.upstream.getInputStream();
			OutputStream out = this.client.getOutputStream();
			byte[] buffer = new byte[CHUNK_SIZE];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				this.gate.awaitOpen();
				out.write(buffer, 0, read);
			}
			this.gate.awaitOpen();
			this.client.shutdownOutput();
			directionEnded();
		}
		catch (IOException | InterruptedException ex) {
			abort();
		}
	}

	private void directionEnded() {
		if (this.openDirections.decrementAndGet() == 0) {
			abort();
		}
	}

	static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed or broken: nothing left to release
		}
	}

	private record Chunk(byte[] bytes, long dueAt) {
	}

}
