package io.telemetrypipeline.persistence.store;

import java.util.stream.Stream;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.mongodb.UncategorizedMongoDbException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failed queries mean that MongoDB is unavailable for now (the API answers 503 with
 * {@code Retry-After}), with the driver's own exceptions as Spring Data translates them.
 */
class MongoReadingQueriesTests {

	private static final ServerAddress SERVER = new ServerAddress("mongo.example", 27017);

	static Stream<Arguments> failures() {
		return Stream
			.of(Arguments.argumentSet("no server selected in time",
					new DataAccessResourceFailureException("no server", new MongoTimeoutException("no server")), true),
					Arguments.argumentSet("operation timed out on the client (timeoutMS)",
							new UncategorizedMongoDbException("timed out",
									new MongoOperationTimeoutException("Operation exceeded the timeout")),
							true),
					Arguments.argumentSet("operation timed out on the server (maxTimeMS)",
							new UncategorizedMongoDbException("time limit",
									new MongoExecutionTimeoutException(50, "operation exceeded time limit")),
							true),
					Arguments.argumentSet("connection refused",
							new DataAccessResourceFailureException("refused",
									new MongoSocketOpenException("refused", SERVER)),
							true),
					Arguments
						.argumentSet("query MongoDB refuses",
								new InvalidDataAccessApiUsageException("bad query",
										new MongoCommandException(new BsonDocument("ok", new BsonInt32(0))
											.append("code", new BsonInt32(2))
											.append("errmsg", new BsonString("bad query")), SERVER)),
								false));
	}

	@ParameterizedTest
	@MethodSource("failures")
	void treatsOnlyAnUnreachableOrSilentMongoDbAsUnavailable(Throwable failure, boolean unavailable) {
		assertThat(MongoReadingQueries.isUnavailable(failure)).isEqualTo(unavailable);
	}

}
