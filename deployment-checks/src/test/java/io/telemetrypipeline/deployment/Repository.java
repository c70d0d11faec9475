package io.telemetrypipeline.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository the checks look at: its root and its files, read as text or YAML.
 */
final class Repository {

	static final Path ROOT = findRoot();

	private Repository() {
	}

	private static Path findRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("No docker-compose.yml above " + Path.of("").toAbsolutePath());
		}
		return dir;
	}

	static Path path(String relative) {
		return ROOT.resolve(relative);
	}

	static String read(String relative) {
		try {
			return Files.readString(path(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> yaml(String relative) {
		return (Map<String, Object>) newYaml().load(read(relative));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> yamlDocuments(String text) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : newYaml().loadAll(text)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	private static Yaml newYaml() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(options);
	}

	/**
	 * Walks a path of keys through nested maps.
	 * @param tree the root
	 * @param keys the keys
	 * @return the value, or {@code null} where the path ends early
	 */
	@SuppressWarnings("unchecked")
	static <T> T at(Object tree, String... keys) {
		Object node = tree;
		for (String key : keys) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			node = map.get(key);
		}
		return (T) node;
	}

}
