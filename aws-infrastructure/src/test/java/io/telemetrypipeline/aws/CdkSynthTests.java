package io.telemetrypipeline.aws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the build's synthesis reads the Node.js version it found.
 */
class CdkSynthTests {

	@ParameterizedTest
	@CsvSource({ "v20.20.2, 20", "v18.19.0, 18", "v24.1.0, 24", "20.1.0, 0", "'', 0", "command not found, 0" })
	void readsTheMajorVersionOfNodeOrNoneFromAnythingElse(String answer, int major) {
		assertThat(CdkSynth.majorOf(answer)).isEqualTo(major);
	}

}
