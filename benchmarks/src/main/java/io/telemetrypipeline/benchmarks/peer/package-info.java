/**
 * The peer persistence-service is compared with: the MongoDB Kafka sink connector in a
 * Kafka Connect standalone worker, run in a JVM of its own, with its own classpath,
 * configuration and log file.
 */
package io.telemetrypipeline.benchmarks.peer;
