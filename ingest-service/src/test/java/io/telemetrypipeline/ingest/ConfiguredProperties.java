package io.telemetrypipeline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The service's settings as its {@code application.yml} sets them, bound as Spring Boot
 * binds them, with a test's overrides on top: unit tests run with the defaults a user
 * gets, without starting an application context.
 */
public final class ConfiguredProperties {

	private ConfiguredProperties() {
	}

	/**
	 * Binds one group of properties.
	 * @param <T> the properties type
	 * @param prefix the prefix, e.g. {@code telemetry.ingest}
	 * @param type the properties type
	 * @param overrides properties that replace those of {@code application.yml}
	 * @return the bound properties
	 */
	public static <T> T bind(String prefix, Class<T> type, Map<String, String> overrides) {
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		sources.add(new MapConfigurationPropertySource(overrides));
		applicationYml().forEach((source) -> ConfigurationPropertySources.from(source).forEach(sources::add));
		return new Binder(sources).bindOrCreate(prefix, type);
	}

	private static List<PropertySource<?>> applicationYml() {
		try {
			return new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
