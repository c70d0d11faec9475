package io.telemetrypipeline.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.telemetrypipeline.deployment.MarkdownDocument.Table;
import io.telemetrypipeline.ingest.parse.RejectionReason;
import org.junit.jupiter.api.Test;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference in {@code docs/} mirrors the code: every property of the configuration
 * reference exists and has the default the service ships, every {@code telemetry.*}
 * property a service binds is documented, the rejection reasons are the parser's, and
 * every relative link of the README and the docs leads to a file and heading that exist.
 * <p>
 * What exists is read from the configuration metadata on the classpath
 * ({@code META-INF/spring-configuration-metadata.json}): the services' own, written by
 * {@code spring-boot-configuration-processor} from their {@code @ConfigurationProperties}
 * records at compile time, and the one every Spring Boot and Spring Cloud AWS module
 * ships. It is what the binder and IDEs go by (kebab-case names, nested records, map
 * properties), so one source answers both "does this property exist" and "what does a
 * service bind", without re-implementing the binder's naming rules.
 */
class DocumentationTests {

	static final String CONFIGURATION = "docs/configuration.md";

	static final String INGEST_YAML = "ingest-service/src/main/resources/application.yml";

	static final String PERSISTENCE_YAML = "persistence-service/src/main/resources/application.yml";

	/** Which service's {@code application.yml} holds the defaults of each section. */
	static final Map<String, List<String>> DEFAULTS_BY_SECTION = Map.of("Both services",
			List.of(INGEST_YAML, PERSISTENCE_YAML), "ingest-service", List.of(INGEST_YAML), "persistence-service",
			List.of(PERSISTENCE_YAML), "device-simulator", List.of());

	static final Map<String, ConfigurationMetadataProperty> METADATA = loadMetadata();

	@Test
	void theServicesConfigurationMetadataIsOnTheClasspath() {
		assertThat(METADATA.keySet()).contains("telemetry.ingest.queue", "telemetry.persistence.collection",
				"spring.kafka.bootstrap-servers");
	}

	@Test
	void everyDocumentedPropertyExists() {
		Set<String> yamlKeys = new TreeSet<>();
		Stream.of(INGEST_YAML, PERSISTENCE_YAML)
			.map(DocumentationTests::flatYaml)
			.forEach((y) -> yamlKeys.addAll(y.keySet()));
		List<String> unknown = documentedProperties().keySet()
			.stream()
			.filter((property) -> !METADATA.containsKey(property) && !yamlKeys.contains(property)
					&& !isKeyOfMapProperty(property))
			.toList();
		assertThat(unknown)
			.as("properties in %s that no service binds, no application.yml sets and Spring Boot does not know",
					CONFIGURATION)
			.isEmpty();
	}

	@Test
	void everyTelemetryPropertyTheServicesBindIsDocumented() {
		Set<String> bound = METADATA.keySet()
			.stream()
			.filter((property) -> property.startsWith("telemetry."))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(bound).isNotEmpty();
		assertThat(documentedProperties().keySet())
			.as("telemetry.* properties bound by the services, in %s", CONFIGURATION)
			.containsAll(bound);
	}

	@Test
	void everyDocumentedDefaultIsTheOneTheServiceShips() {
		List<String> mismatches = new ArrayList<>();
		for (Table table : MarkdownDocument.read(CONFIGURATION).tables("property")) {
			List<String> yamls = DEFAULTS_BY_SECTION.get(table.section());
			assertThat(yamls).as("section '%s' of %s: add it to DEFAULTS_BY_SECTION", table.section(), CONFIGURATION)
				.isNotNull();
			List<String> properties = table.column("property");
			List<String> defaults = table.column("default");
			for (int row = 0; row < properties.size(); row++) {
				String property = single(properties.get(row));
				List<String> documented = MarkdownDocument.codeSpans(defaults.get(row));
				for (String expected : shippedDefaults(property, yamls)) {
					if (!documented.contains(expected)) {
						mismatches.add(property + ": documented " + documented + ", shipped `" + expected + "`");
					}
				}
			}
		}
		assertThat(mismatches)
			.as("defaults in %s that differ from the services' application.yml or @DefaultValue", CONFIGURATION)
			.isEmpty();
	}

	@Test
	void everyEnvironmentVariableIsThePropertysRelaxedForm() {
		List<String> mismatches = new ArrayList<>();
		for (Table table : MarkdownDocument.read(CONFIGURATION).tables("property")) {
			List<String> properties = table.column("property");
			List<String> variables = table.column("environment variable");
			for (int row = 0; row < properties.size(); row++) {
				String property = single(properties.get(row));
				String expected = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
				if (!List.of(expected).equals(MarkdownDocument.codeSpans(variables.get(row)))) {
					mismatches.add(property + ": " + variables.get(row) + ", expected `" + expected + "`");
				}
			}
		}
		assertThat(mismatches).isEmpty();
	}

	@Test
	void documentedRejectionReasonsAreTheParsersReasons() {
		List<Table> tables = MarkdownDocument.read("docs/input.md").tables("reason");
		assertThat(tables).as("the table of rejection reasons in docs/input.md").hasSize(1);
		List<String> documented = tables.get(0).column("reason").stream().map(DocumentationTests::single).toList();
		List<String> codes = Arrays.stream(RejectionReason.values()).map(RejectionReason::code).toList();
		assertThat(documented).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(codes);
	}

	@Test
	void everyRelativeLinkLeadsToAnExistingFileAndHeading() throws IOException {
		List<String> broken = new ArrayList<>();
		for (String relative : documentationFiles()) {
			MarkdownDocument document = MarkdownDocument.read(relative);
			for (String link : document.links()) {
				if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
					continue;
				}
				String problem = brokenLink(document, link);
				if (problem != null) {
					broken.add(relative + ": (" + link + ") " + problem);
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	private static String brokenLink(MarkdownDocument document, String link) {
		int hash = link.indexOf('#');
		String path = (hash < 0) ? link : link.substring(0, hash);
		String anchor = (hash < 0) ? null : link.substring(hash + 1);
		Path target = path.isEmpty() ? document.file() : document.file().resolveSibling(path).normalize();
		if (!target.startsWith(Repository.ROOT) || !Files.exists(target)) {
			return "no such file";
		}
		if (anchor == null) {
			return null;
		}
		if (!target.toString().endsWith(".md")) {
			return "an anchor into a file that is not Markdown";
		}
		MarkdownDocument linked = MarkdownDocument.read(Repository.ROOT.relativize(target).toString());
		return linked.anchors().contains(anchor) ? null : "no heading with anchor #" + anchor;
	}

	private static List<String> documentationFiles() throws IOException {
		List<String> files = new ArrayList<>(List.of("README.md"));
		try (Stream<Path> docs = Files.list(Repository.path("docs"))) {
			docs.filter((file) -> file.toString().endsWith(".md"))
				.map((file) -> "docs/" + file.getFileName())
				.sorted()
				.forEach(files::add);
		}
		return files;
	}

	/** The documented properties, each with the section it is documented in. */
	private static Map<String, String> documentedProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		for (Table table : MarkdownDocument.read(CONFIGURATION).tables("property")) {
			table.column("property").forEach((cell) -> properties.put(single(cell), table.section()));
		}
		assertThat(properties).as("properties documented in %s", CONFIGURATION).isNotEmpty();
		return properties;
	}

	/**
	 * Whether a property is a key of a map property, e.g.
	 * {@code spring.kafka.producer.properties.linger.ms} of
	 * {@code spring.kafka.producer.properties}, or {@code spring.kafka.properties.*}.
	 */
	private static boolean isKeyOfMapProperty(String property) {
		for (int dot = property.lastIndexOf('.'); dot > 0; dot = property.lastIndexOf('.', dot - 1)) {
			ConfigurationMetadataProperty candidate = METADATA.get(property.substring(0, dot));
			if (candidate != null && candidate.getType() != null && candidate.getType().startsWith("java.util.Map<")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The defaults a property ships with: its value in each of the given
	 * {@code application.yml} files that sets it, or, where none does, the
	 * {@code @DefaultValue} of a property the project binds.
	 */
	private static List<String> shippedDefaults(String property, List<String> yamls) {
		List<String> values = yamls.stream()
			.map((yaml) -> flatYaml(yaml).get(property))
			.filter((value) -> value != null)
			.toList();
		if (!values.isEmpty() || property.startsWith("spring.") || property.startsWith("management.")
				|| property.startsWith("server.")) {
			return values;
		}
		ConfigurationMetadataProperty metadata = METADATA.get(property);
		Object value = (metadata != null) ? metadata.getDefaultValue() : null;
		return (value != null) ? List.of(String.valueOf(value)) : List.of();
	}

	private static Map<String, String> flatYaml(String relative) {
		Map<String, String> flat = new LinkedHashMap<>();
		flatten("", Repository.yaml(relative), flat);
		return flat;
	}

	private static void flatten(String prefix, Object node, Map<String, String> flat) {
		if (node instanceof Map<?, ?> map) {
			map.forEach(
					(key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, flat));
		}
		else if (node != null) {
			flat.put(prefix, String.valueOf(node));
		}
	}

	/** The one code span of a cell that names a single property or reason. */
	private static String single(String cell) {
		List<String> spans = MarkdownDocument.codeSpans(cell);
		assertThat(spans).as("one name in `...` per cell: %s", cell).hasSize(1);
		return spans.get(0);
	}

	private static Map<String, ConfigurationMetadataProperty> loadMetadata() {
		try {
			ConfigurationMetadataRepositoryJsonBuilder builder = ConfigurationMetadataRepositoryJsonBuilder.create();
			for (URL resource : Collections.list(DocumentationTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream json = resource.openStream()) {
					builder.withJsonResource(json);
				}
			}
			return builder.build().getAllProperties();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
