/**
 * A local stand-in for AWS IoT Core: an MQTT broker over mutual TLS that binds each
 * connection to the thing its certificate names, the IoT rule that forwards what devices
 * publish to the ingest queue, and the certificate authority that issues the devices'
 * certificates.
 */
package io.telemetrypipeline.infrastructure.iot;
