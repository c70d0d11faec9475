package io.telemetrypipeline.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CDK app refuses context values it cannot work with, and says what to pass, before
 * it synthesises anything.
 */
class AppSettingsIntegrationTests {

	@TempDir
	Path temporary;

	@Test
	void theAppRefusesToSynthesiseWithoutTheClustersOidcIssuer() throws Exception {
		Result result = synth("{\"queueType\": \"fifo\"}");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("Context eksOidcIssuer is missing")
			.contains("aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer");
		assertThat(result.assembly().resolve(SynthesizedStack.NAME + ".template.json")).doesNotExist();
	}

	@Test
	void theAppRefusesAnUnknownQueueType() throws Exception {
		Result result = synth(
				"{\"queueType\": \"fofo\", \"eksOidcIssuer\": \"" + ServiceSettings.eksOidcIssuer() + "\"}");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output())
			.contains("Context queueType is 'fofo': pass -c queueType=standard (the default) or -c queueType=fifo");
		assertThat(result.assembly().resolve(SynthesizedStack.NAME + ".template.json")).doesNotExist();
	}

	@Test
	void theAppTakesTheIssuerAsEksPrintsItWithItsScheme() throws Exception {
		Result result = synth("{\"eksOidcIssuer\": \"https://" + ServiceSettings.eksOidcIssuer() + "/\"}");
		assertThat(result.exitCode()).as(result.output()).isZero();
		String template = Files.readString(result.assembly().resolve(SynthesizedStack.NAME + ".template.json"));
		assertThat(template).contains("oidc-provider/" + ServiceSettings.eksOidcIssuer() + "\"")
			.contains("\"" + ServiceSettings.eksOidcIssuer() + ":sub\"")
			.doesNotContain("https://");
	}

	/**
	 * Runs the compiled app the way the CDK CLI does, with the context as JSON in
	 * {@code CDK_CONTEXT_JSON} and the output directory in {@code CDK_OUTDIR}.
	 */
	private Result synth(String context) throws IOException, InterruptedException {
		SynthesizedStack.of(Variant.STANDARD);
		Path node = CdkSynth.onPath("node", "node.exe");
		assertThat(node).as("node on the PATH, which the build's synthesis found").isNotNull();
		Path assembly = Files.createDirectory(this.temporary.resolve("cdk.out"));
		Path output = this.temporary.resolve("app.log");
		ProcessBuilder builder = new ProcessBuilder(node.toString(), "target/js/bin/telemetry-pipeline.js")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().put("CDK_CONTEXT_JSON", context);
		builder.environment().put("CDK_OUTDIR", assembly.toString());
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the app finished within 60 s").isTrue();
		return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8), assembly);
	}

	private record Result(int exitCode, String output, Path assembly) {
	}

}
