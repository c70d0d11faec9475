/**
 * Where the tests' servers come from: containers through Testcontainers where Docker
 * answers, the embedded servers otherwise, one set per JVM, and the pipeline's Kafka
 * ACLs.
 */
package io.telemetrypipeline.testinfrastructure;
