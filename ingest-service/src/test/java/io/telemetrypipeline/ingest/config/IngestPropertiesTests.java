package io.telemetrypipeline.ingest.config;

import java.util.Map;
import java.util.Set;

import io.telemetrypipeline.ingest.ConfiguredProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings are checked as the service starts: a batch's deadline plus the visibility
 * margin must be below the visibility timeout the listener sets, or SQS would hand out
 * messages again while their batch is still in flight.
 */
class IngestPropertiesTests {

	@ParameterizedTest
	@CsvSource(textBlock = """
			# publish-timeout, visibility-margin, visibility-timeout, valid
			20s,              5s,                '',                 true
			20s,              5s,                30s,                true
			20s,              5s,                25s,                false
			25s,              5s,                30s,                false
			8s,               1s,                10s,                true
			""")
	void acceptsOnlyADeadlinePlusMarginBelowTheVisibilityTimeout(String publishTimeout, String margin,
			String visibilityTimeout, boolean valid) {
		IngestProperties properties = ConfiguredProperties.bind("telemetry.ingest", IngestProperties.class,
				Map.of("telemetry.ingest.publish-timeout", publishTimeout,
						"telemetry.ingest.listener.visibility-margin", margin,
						"telemetry.ingest.listener.visibility-timeout", visibilityTimeout));

		Set<ConstraintViolation<IngestProperties>> violations = validate(properties);

		if (valid) {
			assertThat(violations).isEmpty();
		}
		else {
			assertThat(violations).singleElement()
				.satisfies((violation) -> assertThat(violation.getMessage()).contains(
						"telemetry.ingest.publish-timeout plus telemetry.ingest.listener.visibility-margin must be below "
								+ "telemetry.ingest.listener.visibility-timeout"));
		}
	}

	private static Set<ConstraintViolation<IngestProperties>> validate(IngestProperties properties) {
		try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
			Validator validator = factory.getValidator();
			return validator.validate(properties);
		}
	}

}
