package io.telemetrypipeline.persistence.store;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import org.bson.BsonDocument;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonSerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * How the writer classifies MongoDB's answers, with the driver's own exceptions: a
 * duplicate key is a success, a document MongoDB can never store is refused for good
 * (dead-lettered), and anything else, MongoDB unreachable or a write concern not met, is
 * thrown so the batch is retried.
 */
class MongoReadingWriterTests {

	private static final ServerAddress SERVER = new ServerAddress("mongo.example", 27017);

	private static final int DOCUMENT_VALIDATION_FAILED = 121;

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.argumentSet("document the driver cannot encode", new BsonSerializationException("bad"), true),
				Arguments.argumentSet("document over 16 MiB", new BsonMaximumSizeExceededException("too large"), true),
				Arguments.argumentSet("argument the driver refuses",
						new IllegalArgumentException("state should be: ..."), true),
				Arguments.argumentSet("server refused the document", writeError(DOCUMENT_VALIDATION_FAILED), true),
				Arguments.argumentSet("refusal wrapped by another exception",
						new IllegalStateException("wrapped", writeError(DOCUMENT_VALIDATION_FAILED)), true),
				Arguments.argumentSet("duplicate key", writeError(MongoReadingWriter.DUPLICATE_KEY), false),
				Arguments.argumentSet("no server selected in time", new MongoTimeoutException("no server"), false),
				Arguments.argumentSet("operation timed out on the client (timeoutMS)",
						new MongoOperationTimeoutException("Timeout while receiving message",
								new MongoSocketReadTimeoutException("read timed out", SERVER, null)),
						false),
				Arguments.argumentSet("connection refused", new MongoSocketOpenException("refused", SERVER), false),
				Arguments.argumentSet("write concern not met",
						new MongoWriteConcernException(
								new WriteConcernError(64, "WriteConcernFailed", "timeout", new BsonDocument()), SERVER),
						false),
				Arguments
					.argumentSet("write concern not met, wrapped by another exception",
							new IllegalStateException("wrapped",
									new MongoWriteConcernException(new WriteConcernError(64, "WriteConcernFailed",
											"timeout", new BsonDocument()), SERVER)),
							false),
				Arguments.argumentSet("bulk write whose write concern failed",
						bulkFailure(List.of(),
								new WriteConcernError(64, "WriteConcernFailed", "timeout", new BsonDocument())),
						false),
				Arguments.argumentSet("bulk write with document errors", bulkFailure(List.of(bulkError(0, 121)), null),
						false));
	}

	@ParameterizedTest
	@MethodSource("failures")
	void treatsOnlyWhatRetryingCannotFixAsPermanent(Throwable failure, boolean permanent) {
		assertThat(MongoReadingWriter.isPermanent(failure)).isEqualTo(permanent);
	}

	@Test
	void mapsEachDocumentErrorOfABulkWriteToItsEvent() {
		MongoBulkWriteException failure = bulkFailure(
				List.of(bulkError(1, MongoReadingWriter.DUPLICATE_KEY), bulkError(3, DOCUMENT_VALIDATION_FAILED)),
				null);

		List<WriteResult<String>> results = MongoReadingWriter.results(List.of("e0", "e1", "e2", "e3"),
				MongoReadingWriter.documentErrors(failure));

		assertThat(results).extracting(WriteResult::source).containsExactly("e0", "e1", "e2", "e3");
		assertThat(results).extracting(WriteResult::status)
			.containsExactly(WriteResult.Status.INSERTED, WriteResult.Status.DUPLICATE, WriteResult.Status.INSERTED,
					WriteResult.Status.REJECTED);
		assertThat(results).extracting(WriteResult::stored).containsExactly(true, true, true, false);
		assertThat(results.get(3).reason()).isEqualTo("MongoDB error 121: refused");
	}

	@Test
	void rethrowsABulkWriteWhoseWriteConcernFailedSoTheBatchIsRetried() {
		MongoBulkWriteException failure = bulkFailure(List.of(bulkError(0, MongoReadingWriter.DUPLICATE_KEY)),
				new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out",
						new BsonDocument()));

		assertThatException().isThrownBy(() -> MongoReadingWriter.documentErrors(failure)).isSameAs(failure);
	}

	@Test
	void rethrowsABulkWriteWithoutDocumentErrorsSoTheBatchIsRetried() {
		MongoBulkWriteException failure = bulkFailure(List.of(), null);

		assertThatException().isThrownBy(() -> MongoReadingWriter.documentErrors(failure)).isSameAs(failure);
	}

	@Test
	void classifiesTheFailureOfASingleInsert() {
		assertThat(MongoReadingWriter.resultOfOne("e", writeError(MongoReadingWriter.DUPLICATE_KEY)).status())
			.isEqualTo(WriteResult.Status.DUPLICATE);
		WriteResult<String> refused = MongoReadingWriter.resultOfOne("e",
				new BsonMaximumSizeExceededException("document is larger than 16793600"));
		assertThat(refused.status()).isEqualTo(WriteResult.Status.REJECTED);
		assertThat(refused.reason()).contains("16793600");
		MongoTimeoutException unreachable = new MongoTimeoutException("no server");
		assertThatException().isThrownBy(() -> MongoReadingWriter.resultOfOne("e", unreachable)).isSameAs(unreachable);
	}

	@Test
	void rethrowsASingleInsertWhoseWriteConcernFailedOrThatTimedOutSoTheBatchIsRetried() {
		MongoWriteConcernException concern = new MongoWriteConcernException(new WriteConcernError(64,
				"WriteConcernFailed", "waiting for replication timed out", new BsonDocument()), SERVER);
		MongoOperationTimeoutException timeout = new MongoOperationTimeoutException("Operation exceeded the timeout");

		assertThatException().isThrownBy(() -> MongoReadingWriter.resultOfOne("e", concern)).isSameAs(concern);
		assertThatException().isThrownBy(() -> MongoReadingWriter.resultOfOne("e", timeout)).isSameAs(timeout);
	}

	private static MongoWriteException writeError(int code) {
		return new MongoWriteException(new WriteError(code, "refused", new BsonDocument()), SERVER, Set.of());
	}

	private static BulkWriteError bulkError(int index, int code) {
		return new BulkWriteError(code, "refused", new BsonDocument(), index);
	}

	private static MongoBulkWriteException bulkFailure(List<BulkWriteError> errors, WriteConcernError concern) {
		return new MongoBulkWriteException(BulkWriteResult.unacknowledged(), errors, concern, SERVER, Set.of());
	}

}
