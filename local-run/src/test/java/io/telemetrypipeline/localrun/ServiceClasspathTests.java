package io.telemetrypipeline.localrun;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.telemetrypipeline.infrastructure.ChildJvm;
import io.telemetrypipeline.ingest.IngestServiceApplication;
import io.telemetrypipeline.persistence.PersistenceServiceApplication;
import io.telemetrypipeline.simulator.DeviceSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Each service's runtime classpath holds its own classes and dependencies, and nothing of
 * the other service, of the local run or of the test harness.
 */
class ServiceClasspathTests {

	static final Path INGEST_CLASSES = ServiceClasspath.codeSource(IngestServiceApplication.class);

	static final Path PERSISTENCE_CLASSES = ServiceClasspath.codeSource(PersistenceServiceApplication.class);

	/** The local run, the servers it starts and the simulator. */
	static final List<Path> HARNESS = List.of(ServiceClasspath.codeSource(ServiceClasspath.class),
			ServiceClasspath.codeSource(ChildJvm.class), ServiceClasspath.codeSource(DeviceSimulator.class));

	@Test
	void ingestServiceRunsOnItsOwnClassesWithoutPersistenceServiceSpringSecurityOrMongo() {
		List<Path> classpath = ServiceClasspath.of(IngestServiceApplication.class);

		assertThat(classpath.get(0)).isEqualTo(INGEST_CLASSES);
		assertThat(classpath).doesNotContain(PERSISTENCE_CLASSES)
			.doesNotContainAnyElementsOf(HARNESS)
			.allMatch(Files::exists);
		assertThat(names(classpath)).anyMatch((name) -> name.startsWith("spring-kafka-"))
			.anyMatch((name) -> name.startsWith("spring-cloud-aws-sqs-"))
			.noneMatch((name) -> name.startsWith("spring-security-"))
			.noneMatch((name) -> name.startsWith("mongodb-driver-"))
			.noneMatch(ServiceClasspathTests::isHarness);
		assertThat(paths(classpath)).anyMatch((path) -> path.contains("common-model"));
	}

	@Test
	void persistenceServiceRunsOnItsOwnClassesWithoutIngestServiceOrSqs() {
		List<Path> classpath = ServiceClasspath.of(PersistenceServiceApplication.class);

		assertThat(classpath.get(0)).isEqualTo(PERSISTENCE_CLASSES);
		assertThat(classpath).doesNotContain(INGEST_CLASSES)
			.doesNotContainAnyElementsOf(HARNESS)
			.allMatch(Files::exists);
		assertThat(names(classpath)).anyMatch((name) -> name.startsWith("spring-security-oauth2-resource-server-"))
			.anyMatch((name) -> name.startsWith("mongodb-driver-sync-"))
			.noneMatch((name) -> name.startsWith("spring-cloud-aws-"))
			.noneMatch(ServiceClasspathTests::isHarness);
	}

	@Test
	void ingestServiceClassLoaderFindsItsOwnConfigurationAndNoSecurity() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(urls(ServiceClasspath.of(IngestServiceApplication.class)),
				ClassLoader.getPlatformClassLoader())) {
			assertThat(loader.loadClass(IngestServiceApplication.class.getName())).isNotNull();
			assertThat(loader.getResource("application.yml"))
				.hasToString(LocalPipeline.ownConfiguration(IngestServiceApplication.class));
			assertThat(loader.getResources("application.yml").asIterator()).toIterable().hasSize(1);
			assertThat(loader.getResource("org/springframework/security/core/Authentication.class")).isNull();
			assertThat(loader.getResource(resourceOf(PersistenceServiceApplication.class))).isNull();
			assertThat(loader.getResource("logback.xml")).isNull();
		}
	}

	@Test
	void refusesAClassWhoseBuildWroteNoClasspath() {
		assertThatIllegalStateException().isThrownBy(() -> ServiceClasspath.of(DeviceSimulator.class))
			.withMessageContaining("No runtime classpath of DeviceSimulator")
			.withMessageContaining(ServiceClasspath.FILE_NAME);
	}

	private static boolean isHarness(String name) {
		return name.startsWith("mongo-java-server") || name.startsWith("elasticmq") || name.startsWith("kafka_2.13")
				|| name.startsWith("testcontainers") || name.startsWith("junit");
	}

	private static List<String> names(List<Path> classpath) {
		return classpath.stream().map((path) -> path.getFileName().toString()).toList();
	}

	private static List<String> paths(List<Path> classpath) {
		return classpath.stream().map(Path::toString).toList();
	}

	private static URL[] urls(List<Path> classpath) throws MalformedURLException {
		URL[] urls = new URL[classpath.size()];
		for (int i = 0; i < urls.length; i++) {
			urls[i] = classpath.get(i).toUri().toURL();
		}
		return urls;
	}

	private static String resourceOf(Class<?> type) {
		return type.getName().replace('.', '/') + ".class";
	}

}
