package io.telemetrypipeline.testinfrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACL file of the pipeline ({@code deploy/kafka/acls.txt}) read into Kafka ACL
 * bindings and applied through the Admin API. One ACL per line:
 * {@code principal operation resource name}, e.g.
 * {@code User:ingest-service WRITE topic telemetry.events}; each is an ALLOW from any
 * host on a literal resource name, {@code resource} is {@code topic} or {@code group}
 * (the options of {@code kafka-acls.sh}); {@code #} starts a comment.
 */
public final class KafkaAcls {

	private static final Map<String, ResourceType> RESOURCES = Map.of("topic", ResourceType.TOPIC, "group",
			ResourceType.GROUP);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private KafkaAcls() {
	}

	/**
	 * Reads an ACL file.
	 * @param file the file
	 * @return its ACLs, in file order
	 * @throws InvalidAclFileException when a line is not a valid ACL
	 */
	public static List<AclBinding> read(Path file) {
		try {
			return parse(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the ACL file " + file, ex);
		}
	}

	/**
	 * Parses the text of an ACL file.
	 * @param text the file's content
	 * @return its ACLs, in file order
	 * @throws InvalidAclFileException when a line is not a valid ACL
	 */
	public static List<AclBinding> parse(String text) {
		List<AclBinding> acls = new ArrayList<>();
		String[] lines = text.split("\\R", -1);
		for (int number = 1; number <= lines.length; number++) {
			String line = lines[number - 1].replaceFirst("#.*", "").strip();
			if (!line.isEmpty()) {
				acls.add(parseLine(line, number));
			}
		}
		return acls;
	}

	private static AclBinding parseLine(String line, int number) {
		String[] fields = line.split("\\s+");
		if (fields.length != 4) {
			throw new InvalidAclFileException(number,
					"expected 'principal operation resource name', found " + fields.length + " fields: " + line);
		}
		String principal = fields[0];
		if (!principal.matches("User:[^\\s:]+")) {
			throw new InvalidAclFileException(number, "principal '" + principal + "' is not User:<name>");
		}
		AclOperation operation = AclOperation.fromString(fields[1]);
		if (operation == AclOperation.UNKNOWN || operation == AclOperation.ANY || operation == AclOperation.ALL) {
			throw new InvalidAclFileException(number,
					"operation '" + fields[1] + "' is not one of "
							+ Arrays.stream(AclOperation.values())
								.filter((candidate) -> candidate.code() > AclOperation.ALL.code())
								.toList());
		}
		ResourceType resource = RESOURCES.get(fields[2].toLowerCase(Locale.ROOT));
		if (resource == null) {
			throw new InvalidAclFileException(number,
					"resource '" + fields[2] + "' is not one of " + RESOURCES.keySet().stream().sorted().toList());
		}
		return new AclBinding(new ResourcePattern(resource, fields[3], PatternType.LITERAL),
				new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
	}

	/**
	 * Creates ACLs; ACLs that exist already are left as they are.
	 * @param admin a client allowed to alter ACLs
	 * @param acls the ACLs
	 */
	public static void grant(Admin admin, Collection<AclBinding> acls) {
		await(() -> admin.createAcls(acls).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
	}

	/**
	 * Deletes ACLs.
	 * @param admin a client allowed to alter ACLs
	 * @param acls the ACLs
	 */
	public static void revoke(Admin admin, Collection<AclBinding> acls) {
		List<AclBindingFilter> filters = acls.stream().map(AclBinding::toFilter).toList();
		await(() -> admin.deleteAcls(filters).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
	}

	private static void await(AdminCall call) {
		try {
			call.run();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not apply the ACLs: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while applying ACLs", ex);
		}
	}

	@FunctionalInterface
	private interface AdminCall {

		void run() throws InterruptedException, ExecutionException, TimeoutException;

	}

	/** A line of an ACL file that is not a valid ACL. */
	public static final class InvalidAclFileException extends IllegalArgumentException {

		InvalidAclFileException(int line, String problem) {
			super("ACL file line " + line + ": " + problem);
		}

	}

}
