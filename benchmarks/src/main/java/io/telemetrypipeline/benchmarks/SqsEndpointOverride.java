package io.telemetrypipeline.benchmarks;

import java.net.URI;

import io.telemetrypipeline.infrastructure.Faults;
import io.telemetrypipeline.infrastructure.PipelineInfrastructure;

/**
 * The same servers, with SQS reached through another endpoint (a delaying TCP proxy), so
 * that a service started against it makes every SQS call through that endpoint.
 *
 * @param servers the servers
 * @param sqsEndpoint the SQS endpoint to use instead of theirs
 */
record SqsEndpointOverride(PipelineInfrastructure servers, URI sqsEndpoint) implements PipelineInfrastructure {

	@Override
	public String kafkaBootstrapServers() {
		return this.servers.kafkaBootstrapServers();
	}

	@Override
	public String mongoUri() {
		return this.servers.mongoUri();
	}

	@Override
	public Faults faults() {
		return this.servers.faults();
	}

	@Override
	public void close() {
		// the servers belong to the caller
	}

}
