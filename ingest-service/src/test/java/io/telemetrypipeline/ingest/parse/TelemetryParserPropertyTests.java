package io.telemetrypipeline.ingest.parse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.telemetrypipeline.model.FieldRules;
import io.telemetrypipeline.model.TelemetryEvent;
import io.telemetrypipeline.model.TelemetryEventCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Generative tests of the parser: whatever the body, {@link TelemetryParser#parse} never
 * throws and answers within {@link #BOUND}; an accepted body becomes an event that
 * round-trips through the event codec and holds only MongoDB-safe, bounded, well-formed
 * names and strings; a rejected one carries a reason listed in {@code docs/input.md}.
 * <p>
 * The number of inputs is jqwik's {@code jqwik.tries.default}: 100,000 in the normal
 * build ({@code src/test/resources/junit-platform.properties}), 1,000,000 with
 * {@code -Pgenerative} (docs/development.md).
 */
class TelemetryParserPropertyTests {

	/** The most one parse may take, whatever the input, on a loaded build machine. */
	static final Duration BOUND = Duration.ofSeconds(2);

	private static final ValidationLimits LIMITS = ValidationLimits.defaults();

	private static final List<TelemetryParser> PARSERS = List.of(parser(IdentityPolicy.payload()),
			parser(IdentityPolicy.clientId()), parser(IdentityPolicy.topicSegment(2)));

	private static final ExecutorService PARSING = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "parser-under-test");
		thread.setDaemon(true);
		return thread;
	});

	private static final Set<String> DOCUMENTED_REASONS = documentedReasons();

	private final TelemetryEventCodec codec = new TelemetryEventCodec();

	@AfterContainer
	static void stopParsing() {
		PARSING.shutdownNow();
	}

	@Property
	void everyBodyIsAcceptedSafelyOrRejectedWithADocumentedReason(@ForAll("hostileInputs") HostileInputs.Input input,
			@ForAll("policies") int policy) {
		ParseResult result = parseWithinBound(PARSERS.get(policy), input);

		switch (result) {
			case ParseResult.Accepted accepted -> {
				checkAccepted(accepted.event(), input);
				Statistics.label("outcome").collect("accepted");
			}
			case ParseResult.Rejected rejected -> {
				if (rejected.reason() == null || !DOCUMENTED_REASONS.contains(rejected.reason().code())
						|| rejected.detail() == null || rejected.detail().isBlank()) {
					fail("rejected without a reason of docs/input.md %s or without a detail: %s for %s",
							DOCUMENTED_REASONS, rejected, input);
				}
				Statistics.label("outcome").collect(rejected.reason().code());
			}
		}
		for (String mutation : input.mutations().split("\\+")) {
			for (String part : mutationClass(mutation).split("=")) {
				Statistics.label("mutation").collect(part);
			}
		}
	}

	@Property(tries = 2_000)
	void everyValidReadingIsAccepted(@ForAll("validInputs") HostileInputs.Input input) {
		assertThat(parseWithinBound(PARSERS.get(0), input)).as("%s", input).isInstanceOf(ParseResult.Accepted.class);
	}

	@Provide
	Arbitrary<HostileInputs.Input> hostileInputs() {
		return HostileInputs.inputs();
	}

	@Provide
	Arbitrary<HostileInputs.Input> validInputs() {
		return HostileInputs.validInputs();
	}

	@Provide
	Arbitrary<Integer> policies() {
		return Arbitraries.integers().between(0, PARSERS.size() - 1);
	}

	private static ParseResult parseWithinBound(TelemetryParser parser, HostileInputs.Input input) {
		InboundMessage message = new InboundMessage(input.body(), "sqs-1", HostileInputs.NOW);
		Future<ParseResult> parsing = PARSING.submit(() -> parser.parse(message));
		try {
			return parsing.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			parsing.cancel(true);
			return fail("parsing took longer than %s: %s", BOUND, input);
		}
		catch (ExecutionException ex) {
			return fail("parsing threw %s for %s", ex.getCause(), input, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return fail("interrupted");
		}
	}

	private void checkAccepted(TelemetryEvent event, HostileInputs.Input input) {
		TelemetryEvent decoded = this.codec.decode(this.codec.encode(event));
		if (!decoded.equals(event)) {
			fail("the codec did not round-trip %s: %s for %s", event, decoded, input);
		}
		Stream.concat(event.readings().keySet().stream(), event.tags().keySet().stream())
			.filter((name) -> FieldRules.checkFieldName("field", name) != null)
			.forEach((name) -> fail("accepted a name unsafe for MongoDB '%s' in %s", name, input));
		event.tags().values().forEach((value) -> checkStoredText(value, LIMITS.maxTagValueLength(), input));
		if (event.origin().clientId() != null) {
			checkStoredText(event.origin().clientId(), LIMITS.maxClientIdLength(), input);
		}
		if (event.origin().topic() != null) {
			checkStoredText(event.origin().topic(), LIMITS.maxTopicLength(), input);
		}
		if (!event.readings().values().stream().allMatch(Double::isFinite)) {
			fail("accepted a reading that is not finite: %s", input);
		}
	}

	private static void checkStoredText(String text, int maxCodePoints, HostileInputs.Input input) {
		if (StoredText.loneSurrogateAt(text) >= 0 || StoredText.codePoints(text) > maxCodePoints) {
			fail("accepted a stored string with a lone surrogate or over %d code points: %s", maxCodePoints, input);
		}
	}

	/**
	 * The class of a mutation for the statistics, without the field it was applied to:
	 * {@code timestamp:overflow} counts as {@code overflow},
	 * {@code tags.key:key[$gt]=null} as {@code key[$gt]=null}.
	 * @param mutation the mutation's name
	 * @return its class
	 */
	private static String mutationClass(String mutation) {
		return mutation.replaceFirst("^[A-Za-z-]+(\\.key)?:", "");
	}

	private static TelemetryParser parser(IdentityPolicy identity) {
		return new TelemetryParser(LIMITS, identity, Clock.fixed(HostileInputs.NOW, ZoneOffset.UTC));
	}

	/**
	 * The reason codes of the rejection table in {@code docs/input.md}, the table users
	 * read.
	 * @return the codes
	 */
	private static Set<String> documentedReasons() {
		Path doc = Path.of("..", "docs", "input.md");
		try {
			String text = Files.readString(doc);
			String table = text.substring(text.indexOf("| reason |"));
			Matcher codes = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(table);
			return codes.results().map((match) -> match.group(1)).collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + doc.toAbsolutePath(), ex);
		}
	}

}
