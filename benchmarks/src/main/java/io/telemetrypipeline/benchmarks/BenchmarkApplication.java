package io.telemetrypipeline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the benchmark with the settings given as {@code benchmark.*} system properties,
 * prints the results as Markdown and writes them to
 * {@code <benchmark.output>/benchmark-results.md}. Exits with status 1 when a stage lost
 * or duplicated messages or could not complete.
 */
public final class BenchmarkApplication {

	static final String RESULTS_FILE = "benchmark-results.md";

	private BenchmarkApplication() {
	}

	public static void main(String[] args) throws IOException {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		Benchmark benchmark = new Benchmark(settings);
		int status = 0;
		try {
			benchmark.run();
		}
		catch (BenchmarkFailure ex) {
			ex.printStackTrace();
			status = 1;
		}
		String table = ResultsTable.render(benchmark.report());
		Path file = write(settings.output(), table);
		System.out.println();
		System.out.println(table);
		System.out.println("Written to " + file.toAbsolutePath());
		System.exit(status);
	}

	static Path write(Path directory, String table) throws IOException {
		return Files.writeString(Files.createDirectories(directory).resolve(RESULTS_FILE), table);
	}

}
