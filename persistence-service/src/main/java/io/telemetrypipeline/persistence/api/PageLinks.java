package io.telemetrypipeline.persistence.api;

import java.util.Map;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The RFC 8288 {@code Link} header that points a client at the next page: the request's
 * own path (relative to the host, so it holds behind a proxy) with its parameters and the
 * next page's cursor.
 */
final class PageLinks {

	private PageLinks() {
	}

	/**
	 * The {@code Link} header value of the next page of the current request.
	 * @param parameters the parameters that select the items, {@code null} values left
	 * out
	 * @param cursor the next page's cursor
	 * @return the header value
	 */
	static String next(Map<String, Object> parameters, String cursor) {
		String path = ServletUriComponentsBuilder.fromCurrentRequestUri().build().getPath();
		UriComponentsBuilder next = UriComponentsBuilder.fromPath(path);
		parameters.forEach((name, value) -> {
			if (value != null) {
				next.queryParam(name, value);
			}
		});
		next.queryParam("cursor", cursor);
		return "<" + next.encode().build().toUriString() + ">; rel=\"next\"";
	}

}
