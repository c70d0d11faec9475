package io.telemetrypipeline.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The repository's one {@code Dockerfile}, split into its stages, and read as
 * {@code docker build --build-arg MODULE=<module>} reads it: the build stage with the
 * module filled in, and the stages the module's image is made of, from the pulled base
 * image to the stage that the final {@code FROM ${MODULE}} selects.
 */
final class Dockerfile {

	static final String PATH = "Dockerfile";

	static final String MODULE_ARGUMENT = "${MODULE}";

	private static final Pattern FROM = Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");

	private final List<Stage> stages;

	private Dockerfile(List<Stage> stages) {
		this.stages = stages;
	}

	static Dockerfile read() {
		return parse(Repository.read(PATH));
	}

	private static Dockerfile parse(String text) {
		List<Stage> stages = new ArrayList<>();
		String base = null;
		String name = null;
		StringBuilder body = new StringBuilder();
		for (String line : text.split("\n")) {
			Matcher from = FROM.matcher(line);
			if (from.matches()) {
				if (base != null) {
					stages.add(new Stage(base, name, body.toString()));
				}
				base = from.group(1);
				name = from.group(2);
				body = new StringBuilder();
			}
			if (base != null) {
				body.append(line).append('\n');
			}
		}
		if (base != null) {
			stages.add(new Stage(base, name, body.toString()));
		}
		return new Dockerfile(List.copyOf(stages));
	}

	List<Stage> stages() {
		return this.stages;
	}

	/**
	 * The images the build pulls: every base that is neither one of this file's stages
	 * nor the module argument (which selects one of them).
	 * @return the pulled images, in the order of the file
	 */
	List<String> pulledImages() {
		Map<String, Stage> named = named();
		return this.stages.stream()
			.map(Stage::base)
			.filter((base) -> !named.containsKey(base) && !base.equals(MODULE_ARGUMENT))
			.toList();
	}

	/**
	 * The module's image as {@code --build-arg MODULE=<module>} builds it.
	 * @param module the Maven module
	 * @return its build stage and the stages of its image, base first
	 */
	Image image(String module) {
		Map<String, Stage> named = named();
		List<Stage> chain = new ArrayList<>();
		Stage stage = this.stages.get(this.stages.size() - 1).forModule(module);
		while (stage != null) {
			chain.add(0, stage);
			Stage parent = named.get(stage.base());
			stage = (parent != null) ? parent.forModule(module) : null;
		}
		Stage build = named.get("build");
		if (build == null) {
			throw new IllegalStateException(PATH + " has no stage named build");
		}
		return new Image(module, build.forModule(module), List.copyOf(chain));
	}

	/**
	 * The text {@code docker build} reads for one module: the build stage and the stages
	 * of the module's image, with the module filled in.
	 * @param module the Maven module
	 * @return the stages' text
	 */
	static String asBuiltFor(String module) {
		Image image = read().image(module);
		return image.build().text() + image.text();
	}

	private Map<String, Stage> named() {
		return this.stages.stream()
			.filter((stage) -> stage.name() != null)
			.collect(Collectors.toMap(Stage::name, Function.identity()));
	}

	/**
	 * One stage: what it starts {@code FROM}, its name ({@code null} for the last,
	 * unnamed one) and its text, {@code FROM} line included.
	 */
	record Stage(String base, String name, String text) {

		Stage forModule(String module) {
			return new Stage(this.base.replace(MODULE_ARGUMENT, module), this.name,
					this.text.replace(MODULE_ARGUMENT, module));
		}

	}

	/**
	 * A module's image: the stage that builds it and the stages it is made of, from the
	 * one on the pulled base image to the one that {@code FROM ${MODULE}} selects.
	 */
	record Image(String module, Stage build, List<Stage> stages) {

		/** The pulled image the first of its stages starts from. */
		String baseImage() {
			return this.stages.get(0).base();
		}

		/** Whether the module has a stage of its own, which the final stage selects. */
		boolean hasOwnStage() {
			return this.stages.stream().anyMatch((stage) -> this.module.equals(stage.name()));
		}

		/** The instructions of its stages, base first. */
		String text() {
			return this.stages.stream().map(Stage::text).collect(Collectors.joining());
		}

	}

}
