package io.telemetrypipeline.endtoend;

import java.time.Duration;

import io.telemetrypipeline.localrun.LocalPipeline;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Asks a running pipeline's readings API, as a client with a valid token does. */
final class ReadingsApi {

	private ReadingsApi() {
	}

	/**
	 * Gets a device's latest reading and returns the answer whatever its status.
	 * @param pipeline the pipeline
	 * @param deviceId the device
	 * @param readTimeout how long to wait for the answer
	 * @return the answer, body as text
	 */
	static ResponseEntity<String> latest(LocalPipeline pipeline, String deviceId, Duration readTimeout) {
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(Duration.ofSeconds(5));
		requestFactory.setReadTimeout(readTimeout);
		String port = pipeline.persistence().getEnvironment().getProperty("local.server.port");
		return RestClient.builder()
			.requestFactory(requestFactory)
			.build()
			.get()
			.uri("http://127.0.0.1:" + port + "/api/devices/" + deviceId + "/readings/latest")
			.headers((headers) -> headers.setBearerAuth(pipeline.readingsToken()))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
	}

}
