/**
 * Where the tests' servers come from: containers through Testcontainers where Docker
 * answers, the embedded servers otherwise, one set per JVM, and the Kafka ACLs of the
 * pipeline applied to them.
 */
package io.telemetrypipeline.testinfrastructure;
