package io.telemetrypipeline.admin.sqs;

import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SQS client goes through the SDK's netty HTTP client, named explicitly, so that a
 * classpath with another HTTP client as well stays unambiguous.
 */
@Configuration(proxyBeanMethods = false)
class SqsClientConfiguration {

	@Bean
	SqsAsyncClientCustomizer nettyHttpClient() {
		return (builder) -> builder.httpClientBuilder(NettyNioAsyncHttpClient.builder());
	}

}
