package io.telemetrypipeline.testinfrastructure;

import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KafkaAclsTests {

	@Test
	void theRepositoryFileGrantsEachServiceOnlyWhatItUses() {
		List<AclBinding> acls = KafkaAcls.read(Path.of("..", "deploy", "kafka", "acls.txt"));
		assertThat(acls).extracting(KafkaAclsTests::describe)
			.containsExactly("User:ingest-service WRITE TOPIC telemetry.events",
					"User:ingest-service DESCRIBE TOPIC telemetry.events",
					"User:ingest-service WRITE TOPIC telemetry.rejected",
					"User:ingest-service DESCRIBE TOPIC telemetry.rejected",
					"User:persistence-service READ TOPIC telemetry.events",
					"User:persistence-service READ GROUP telemetry-persistence",
					"User:persistence-service WRITE TOPIC telemetry.events.dlt",
					"User:persistence-service DESCRIBE TOPIC telemetry.events.dlt",
					"User:keda DESCRIBE TOPIC telemetry.events", "User:keda DESCRIBE GROUP telemetry-persistence",
					"User:pipeline-admin READ TOPIC telemetry.events.dlt",
					"User:pipeline-admin READ TOPIC telemetry.rejected",
					"User:pipeline-admin WRITE TOPIC telemetry.events",
					"User:pipeline-admin DESCRIBE TOPIC telemetry.events",
					"User:pipeline-admin READ GROUP pipeline-admin");
		assertThat(acls).allSatisfy((acl) -> {
			assertThat(acl.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
			assertThat(acl.entry().host()).isEqualTo("*");
			assertThat(acl.pattern().patternType()).isEqualTo(PatternType.LITERAL);
			assertThat(acl.pattern().resourceType()).isNotEqualTo(ResourceType.CLUSTER);
			assertThat(acl.entry().operation()).isNotIn(AclOperation.CREATE, AclOperation.ALTER,
					AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.DELETE);
		});
	}

	@Test
	void readsCommentsBlankLinesAnyCaseAndAnySpacing() {
		String text = """
				# a comment

				User:a	write   Topic t1   # why
				  User:b read group g1
				""";
		assertThat(KafkaAcls.parse(text)).extracting(KafkaAclsTests::describe)
			.containsExactly("User:a WRITE TOPIC t1", "User:b READ GROUP g1");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			User:a WRITE topic                  | line 2: expected 'principal operation resource name', found 3 fields
			User:a WRITE topic t1 extra         | line 2: expected 'principal operation resource name', found 5 fields
			ingest WRITE topic t1               | line 2: principal 'ingest' is not User:<name>
			Group:a WRITE topic t1              | line 2: principal 'Group:a' is not User:<name>
			User:a WRTE topic t1                | line 2: operation 'WRTE' is not one of [READ, WRITE
			User:a ALL topic t1                 | line 2: operation 'ALL' is not one of
			User:a ANY topic t1                 | line 2: operation 'ANY' is not one of
			User:a WRITE cluster kafka-cluster  | line 2: resource 'cluster' is not one of [group, topic]
			""")
	void refusesAMalformedLineNamingItAndTheProblem(String line, String problem) {
		assertThatExceptionOfType(KafkaAcls.InvalidAclFileException.class)
			.isThrownBy(() -> KafkaAcls.parse("# header\n" + line + "\n"))
			.withMessageStartingWith("ACL file " + problem);
	}

	private static String describe(AclBinding acl) {
		return "%s %s %s %s".formatted(acl.entry().principal(), acl.entry().operation(), acl.pattern().resourceType(),
				acl.pattern().name());
	}

}
