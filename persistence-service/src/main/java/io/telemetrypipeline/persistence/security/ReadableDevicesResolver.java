package io.telemetrypipeline.persistence.security;

import java.util.List;

import io.telemetrypipeline.persistence.config.PersistenceProperties;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Resolves a controller parameter of type {@link ReadableDevices} from the request's
 * access token and the configured devices claim.
 */
@Configuration(proxyBeanMethods = false)
class ReadableDevicesResolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

	private final String devicesClaim;

	ReadableDevicesResolver(PersistenceProperties properties) {
		this.devicesClaim = properties.api().devicesClaim();
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return ReadableDevices.class.equals(parameter.getParameterType());
	}

	@Override
	public ReadableDevices resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
			NativeWebRequest request, WebDataBinderFactory binders) {
		return ReadableDevices.of(SecurityContextHolder.getContext().getAuthentication(), this.devicesClaim);
	}

}
