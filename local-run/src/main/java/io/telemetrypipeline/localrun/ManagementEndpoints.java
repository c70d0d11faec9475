package io.telemetrypipeline.localrun;

import java.time.Duration;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * What a running service answers on its management (Actuator) port without a token, as
 * Kubernetes and Prometheus reach it: the readiness probe and the Prometheus scrape.
 */
public final class ManagementEndpoints {

	/**
	 * One client for every call, bounded as Kubernetes' probes are. Plain
	 * {@code HttpURLConnection}: it reports a 503 as it is (Apache's client would retry
	 * it), and, unlike the JDK HttpClient in a busy JVM, it never left a probe waiting
	 * for an answer the service had already sent.
	 */
	private static final RestClient CLIENT = RestClient.builder().requestFactory(requestFactory()).build();

	private final int port;

	/**
	 * The endpoints of the service whose management port is given.
	 * @param port the management port
	 */
	public ManagementEndpoints(int port) {
		this.port = port;
	}

	/**
	 * The HTTP status of {@code /actuator/health/readiness}: 200 when ready, 503 when
	 * not.
	 * @return the status code, 0 when the service did not answer in time
	 */
	public int readiness() {
		try {
			return CLIENT.get()
				.uri(url("/actuator/health/readiness"))
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
				})
				.toBodilessEntity()
				.getStatusCode()
				.value();
		}
		catch (ResourceAccessException ex) {
			return 0;
		}
	}

	/**
	 * One Prometheus scrape of the service.
	 * @return the scrape, empty when the service did not answer
	 */
	public Scrape prometheus() {
		try {
			String text = CLIENT.get().uri(url("/actuator/prometheus")).retrieve().body(String.class);
			return new Scrape((text != null) ? text : "");
		}
		catch (ResourceAccessException ex) {
			return new Scrape("");
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static SimpleClientHttpRequestFactory requestFactory() {
		SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
		factory.setConnectTimeout(Duration.ofSeconds(5));
		factory.setReadTimeout(Duration.ofSeconds(10));
		return factory;
	}

	/**
	 * A scrape in the Prometheus text exposition format.
	 *
	 * @param text the scrape, one sample per line
	 */
	public record Scrape(String text) {

		/**
		 * The sum of every sample of a counter, whatever its tags.
		 * @param meterName the Micrometer name, e.g.
		 * {@code telemetry.ingest.messages.received}, exposed as
		 * {@code telemetry_ingest_messages_received_total}
		 * @return the sum, 0 when there is no sample
		 */
		public double counter(String meterName) {
			String metric = meterName.replace('.', '_') + "_total";
			return this.text.lines()
				.filter((line) -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
				.mapToDouble((line) -> value(line, metric))
				.sum();
		}

		private static double value(String line, String metric) {
			int start = (line.charAt(metric.length()) == '{') ? line.lastIndexOf('}') + 1 : metric.length();
			return Double.parseDouble(line.substring(start).strip().split("\\s+")[0]);
		}

	}

}
