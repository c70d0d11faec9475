/**
 * The local run: starts the servers and each service in a JVM of its own, on its own
 * classpath, as in production, with its output prefixed; and the harness that starts both
 * services in the tests' JVM.
 */
package io.telemetrypipeline.localrun;
