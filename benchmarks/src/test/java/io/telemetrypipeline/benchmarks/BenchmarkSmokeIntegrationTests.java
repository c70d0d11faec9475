package io.telemetrypipeline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's own code at small scale, as part of the build: every stage runs on real
 * servers and checks that each of its messages arrived exactly once (a stage that loses
 * or duplicates one fails the run; persistence-service's device summaries must count each
 * device's readings exactly), and the results table has a row for every stage. The
 * connector peer is left out ({@code ConnectorPeerIntegrationTests} covers it). No timing
 * is asserted: figures at this scale and on a shared machine mean nothing.
 * <p>
 * The sizes are the smallest that still take every code path: a warm-up that the window
 * opens after, a measured window of 300 readings (a few hundred milliseconds end to end,
 * many progress polls, and persistence-service polling 50 records at a time as the
 * {@code pom.xml} sets it, so every throughput is a number), a paced load of 3 s (RSS
 * samples in its first and last thirds) and one idle probe. Most of the test's time is
 * the service JVMs' start-ups, not the readings. The broker compiles with the client
 * compiler only, as the other tests' brokers do: it is ready sooner and its figures are
 * not compared with anything here.
 */
class BenchmarkSmokeIntegrationTests {

	private static final int READINGS = 300;

	private static final int WARMUP = 100;

	/** The peer has its own integration test and would double this one's time. */
	private static final EnumSet<Stage> PEER = EnumSet.of(Stage.PEER_INSERT, Stage.PEER_UPSERT);

	@Test
	void everyStageDeliversEachMessageExactlyOnceAndTheTableShowsEveryStage() throws IOException {
		Path output = Path.of("target", "benchmark-smoke");
		BenchmarkSettings settings = new BenchmarkSettings(READINGS, WARMUP, 20, 4, Duration.ofSeconds(3), 0.5, 1,
				Duration.ofSeconds(1), Duration.ofMillis(20), false, true, false, 1, false, output);

		BenchmarkReport report = new Benchmark(settings).run();
		String table = ResultsTable.render(report);
		Path file = BenchmarkApplication.write(output, table);

		assertThat(report.failure()).isNull();
		assertThat(report.stages()).containsOnlyKeys(EnumSet.complementOf(PEER));
		assertThat(report.stages().values()).allSatisfy((result) -> {
			assertThat(result.messages()).isPositive();
			assertThat(result.usage()).isNotEmpty();
		});
		assertThat(report.deviceRounds()).singleElement()
			.satisfies((round) -> assertThat(round.throughputRatio()).isPositive());
		assertThat(report.paced().readings()).isPositive();
		// warm-up and measured readings, the paced load, one idle probe
		assertThat(report.paced().allEventIds()).hasSize(WARMUP + READINGS + report.paced().readings() + 1);
		assertThat(report.paced().idle()).singleElement()
			.satisfies((probe) -> assertThat(probe.fromReceivedMillis()).isPositive());
		assertThat(report.paced().memory()).extracting(PacedLoad.Memory::role)
			.containsExactly(ServiceStages.INGEST, ServiceStages.PERSISTENCE);
		assertThat(Files.readString(file)).isEqualTo(table);
		assertThat(table).contains("## Throughput", "## Device summaries", "## Cost per process",
				"## Latency under the paced load", "## Targets");
		String throughput = table.substring(table.indexOf("## Throughput"), table.indexOf("## Cost per process"));
		assertThat(Arrays.stream(Stage.values())).allSatisfy((stage) -> assertThat(throughput).containsOnlyOnce(
				"| " + stage.label().replace("N threads", "4 threads") + " | " + stage.description() + " |"));
		assertThat(throughput.lines().filter((line) -> line.endsWith("| not run |"))).hasSize(PEER.size());
	}

}
