/**
 * The peer persistence-service is compared with: the MongoDB Kafka sink connector in a
 * Kafka Connect standalone worker, in a JVM of its own, with its classpath, configuration
 * and logs.
 */
package io.telemetrypipeline.benchmarks.peer;
