package io.telemetrypipeline.admin.setaside;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SelectionTests {

	static final Instant AT = Instant.parse("2026-11-24T10:30:00Z");

	static Stream<Arguments> selections() {
		Instant ten = Instant.parse("2026-11-24T10:00:00Z");
		Instant eleven = Instant.parse("2026-11-24T11:00:00Z");
		return Stream.of(Arguments.of("everything", Selection.all(), true),
				Arguments.of("its reason", selection(Set.of("write-rejected"), List.of(), null, null, Map.of()), true),
				Arguments.of("another reason", selection(Set.of("invalid-event"), List.of(), null, null, Map.of()),
						false),
				Arguments.of("its device", selection(Set.of(), List.of("sensor-7"), null, null, Map.of()), true),
				Arguments.of("a pattern of it",
						selection(Set.of(), List.of("sens*-?", "sensor-*"), null, null, Map.of()), true),
				Arguments.of("a pattern of another", selection(Set.of(), List.of("pump-*"), null, null, Map.of()),
						false),
				Arguments.of("from before", selection(Set.of(), List.of(), ten, null, Map.of()), true),
				Arguments.of("from after", selection(Set.of(), List.of(), eleven, null, Map.of()), false),
				Arguments.of("from exactly then", selection(Set.of(), List.of(), AT, null, Map.of()), true),
				Arguments.of("to exactly then (exclusive)", selection(Set.of(), List.of(), null, AT, Map.of()), false),
				Arguments.of("within from and to", selection(Set.of(), List.of(), ten, eleven, Map.of()), true),
				Arguments.of("its offsets",
						selection(Set.of(), List.of(), null, null, Map.of(2, OffsetRange.parse("2:10-20"))), true),
				Arguments.of("offsets ending at it (exclusive)",
						selection(Set.of(), List.of(), null, null, Map.of(2, OffsetRange.parse("2:0-15"))), false),
				Arguments.of("only another partition",
						selection(Set.of(), List.of(), null, null, Map.of(3, OffsetRange.parse("3"))), false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("selections")
	void selectsARecordByReasonDeviceTimeAndOffset(String name, Selection selection, boolean selected) {
		assertThat(selection.matches(deadLetter("sensor-7", 2, 15))).isEqualTo(selected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "3:100-200", " 3:100-200 " })
	void readsAnOffsetRange(String text) {
		assertThat(OffsetRange.parse(text)).isEqualTo(new OffsetRange(3, 100, 200));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "x", "3:", "3:200-100", "-1", "3:1-2-3", "3:a-b" })
	void refusesWhatIsNoOffsetRange(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> OffsetRange.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "3:100-", "3" })
	void readsOpenEndedRanges(String text) {
		assertThat(OffsetRange.parse(text).end()).isEqualTo(Long.MAX_VALUE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-24T11:00:00Z", "2026-11-24T10:00:00Z" })
	void refusesFromNotBeforeTo(String to) {
		assertThatIllegalArgumentException().isThrownBy(() -> selection(Set.of(), List.of(),
				Instant.parse("2026-11-24T11:00:00Z"), Instant.parse(to), Map.of()));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("exceptionClasses")
	void namesADeadLettersReasonAsPersistenceCountsIt(String exceptionClass, String reason) {
		assertThat(SetAside.deadLetterReason(exceptionClass)).isEqualTo(reason);
	}

	static Stream<Arguments> exceptionClasses() {
		return Stream.of(
				Arguments.of("io.telemetrypipeline.model.TelemetryEventCodec$InvalidEventException", "invalid-event"),
				Arguments.of("io.telemetrypipeline.persistence.consume.ReadingsListener$UnstorableEventException",
						"write-rejected"),
				Arguments.of("java.lang.IllegalStateException", "IllegalStateException"),
				Arguments.of(null, "unknown"));
	}

	private static Selection selection(Set<String> reasons, List<String> devices, Instant from, Instant to,
			Map<Integer, OffsetRange> offsets) {
		return new Selection(reasons, devices, from, to, offsets);
	}

	private static SetAside deadLetter(String device, int partition, long offset) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(SetAside.DLT_EXCEPTION_FQCN,
				"io.telemetrypipeline.persistence.consume.ReadingsListener$UnstorableEventException"
					.getBytes(StandardCharsets.UTF_8));
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("telemetry.events.dlt", partition, offset,
				AT.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0, device, new byte[0], headers, Optional.empty());
		return SetAside.of(SetAside.Kind.DEAD_LETTERS, record);
	}

}
