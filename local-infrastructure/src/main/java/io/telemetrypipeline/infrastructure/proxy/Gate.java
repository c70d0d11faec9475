package io.telemetrypipeline.infrastructure.proxy;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stall switch of a {@link TcpProxy}: while it is closed, every thread forwarding
 * bytes waits before it writes.
 */
final class Gate {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition opened = this.lock.newCondition();

	private volatile boolean open = true;

	void close() {
		this.open = false;
	}

	void open() {
		this.lock.lock();
		try {
			this.open = true;
			this.opened.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns at once while the gate is open, otherwise when it opens.
	 * @throws InterruptedException when the waiting thread is interrupted, e.g. because
	 * its connection closed
	 */
	void awaitOpen() throws InterruptedException {
		if (this.open) {
			return;
		}
		this.lock.lock();
		try {
			while (!this.open) {
				this.opened.await();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
