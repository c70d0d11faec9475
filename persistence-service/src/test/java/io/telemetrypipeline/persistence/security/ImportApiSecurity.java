package io.telemetrypipeline.persistence.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Adds the API's security configuration to a test slice, such as a {@code @WebMvcTest} of
 * a controller in another package, so the slice answers as the service does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ApiSecurityConfiguration.class)
public @interface ImportApiSecurity {

}
