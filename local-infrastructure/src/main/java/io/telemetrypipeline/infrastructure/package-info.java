/**
 * The real servers the pipeline needs without Docker (a KRaft Kafka broker process,
 * ElasticMQ, the MongoDB wire server), behind the seam the tests and the local run share,
 * with fault injection, provisioning of queues and topics, and a token issuer standing in
 * for the authorization server.
 */
package io.telemetrypipeline.infrastructure;
