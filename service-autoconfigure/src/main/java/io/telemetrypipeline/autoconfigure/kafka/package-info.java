/**
 * Auto-configuration of the Kafka wiring both services share: the topics each service
 * declares it uses, their creation at startup, the readiness check that they exist and
 * may be used, and a producer that recovers once a permanent failure is fixed.
 */
package io.telemetrypipeline.autoconfigure.kafka;
