package io.telemetrypipeline.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every container image that docker compose, the Kubernetes manifests and the Dockerfile
 * pull is pinned by digest, with the tag it was taken from as a comment, so a tag moved
 * on the registry never changes what runs. The images this repository builds are pinned
 * at release (kustomize {@code images}), and the few listed in {@link #NOT_YET_PINNED}
 * wait for their digest.
 */
class ImageReferencesIntegrationTests {

	/**
	 * Images whose digest was not at hand when they were added. Pin each with
	 * {@code docker buildx imagetools inspect <tag>} (the index digest), then remove it
	 * from this list.
	 */
	static final Set<String> NOT_YET_PINNED = Set.of("mongo:8", "softwaremill/elasticmq-native:1.6.14",
			"eclipse-temurin:21-jdk", "eclipse-temurin:21-jre");

	static final Pattern YAML_IMAGE = Pattern.compile("(?m)^\\s*-?\\s*image:\\s*(\\S+)(?:\\s*#\\s*(\\S+))?\\s*$");

	static final Pattern PINNED = Pattern.compile("([a-z0-9./_-]+)@sha256:[0-9a-f]{64}");

	@Test
	void everyPulledImageIsPinnedByDigestWithItsTagAsAComment() throws IOException {
		List<ImageReference> references = references();
		assertThat(references).extracting(ImageReference::file)
			.contains("docker-compose.yml", "k8s/overlays/local/kafka.yaml", Dockerfile.PATH);
		assertThat(references).allSatisfy((reference) -> {
			Matcher pinned = PINNED.matcher(reference.image());
			if (pinned.matches()) {
				assertThat(reference.comment()).as("tag of %s", reference)
					.isNotNull()
					.startsWith(pinned.group(1) + ":");
			}
			else {
				assertThat(reference.image()).as("%s: pin it by digest (name@sha256:..., tag as a comment)", reference)
					.satisfiesAnyOf((image) -> assertThat(image).startsWith("telemetry/"),
							(image) -> assertThat(NOT_YET_PINNED).contains(image));
			}
		});
		assertThat(references).extracting(ImageReference::image)
			.as("an image listed as not yet pinned is still in use")
			.containsAll(NOT_YET_PINNED);
	}

	@Test
	void anImageIsPinnedToTheSameDigestEverywhere() throws IOException {
		Map<String, Set<String>> digestsByTag = references().stream()
			.filter((reference) -> reference.comment() != null)
			.collect(Collectors.groupingBy(ImageReference::comment,
					Collectors.mapping(ImageReference::image, Collectors.toSet())));
		assertThat(digestsByTag).containsKey("apache/kafka:4.1.1")
			.allSatisfy((tag, images) -> assertThat(images).as(tag).hasSize(1));
	}

	private static List<ImageReference> references() throws IOException {
		List<ImageReference> references = new ArrayList<>();
		for (String image : Dockerfile.read().pulledImages()) {
			references.add(new ImageReference(Dockerfile.PATH, image, null));
		}
		for (String file : files()) {
			Matcher matcher = YAML_IMAGE.matcher(Repository.read(file));
			while (matcher.find()) {
				references.add(new ImageReference(file, matcher.group(1), matcher.group(2)));
			}
		}
		return references;
	}

	private static List<String> files() throws IOException {
		List<String> files = new ArrayList<>(List.of("docker-compose.yml"));
		for (String tree : List.of("k8s", "deploy")) {
			try (Stream<Path> paths = Files.walk(Repository.path(tree))) {
				paths.filter((path) -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
					.map((path) -> Repository.ROOT.relativize(path).toString())
					.sorted()
					.forEach(files::add);
			}
		}
		return files;
	}

	record ImageReference(String file, String image, String comment) {
	}

}
