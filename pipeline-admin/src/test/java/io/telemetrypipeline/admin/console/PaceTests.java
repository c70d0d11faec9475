package io.telemetrypipeline.admin.console;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaceTests {

	@Test
	void spacesPermitsAtTheRate() {
		AtomicLong now = new AtomicLong(1_000_000_000L);
		Pace pace = new Pace(10, now::get);
		assertThat(pace.reserve()).isZero();
		assertThat(pace.reserve()).isEqualTo(100_000_000L);
		assertThat(pace.reserve()).isEqualTo(200_000_000L);
		now.addAndGet(300_000_000L);
		assertThat(pace.reserve()).isZero();
	}

	@Test
	void givesNoBurstForIdleTime() {
		AtomicLong now = new AtomicLong(0);
		Pace pace = new Pace(10, now::get);
		now.addAndGet(10_000_000_000L);
		assertThat(pace.reserve()).isZero();
		assertThat(pace.reserve()).isZero();
		assertThat(pace.reserve()).isEqualTo(100_000_000L);
	}

	@Test
	void neverWaitsWithoutARate() {
		Pace pace = new Pace(0, () -> 0);
		assertThat(pace.reserve()).isZero();
		assertThat(pace.reserve()).isZero();
	}

}
