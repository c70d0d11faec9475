/**
 * A fleet of simulated devices that write readings to the ingest queue as an AWS IoT rule
 * would, for the local run, the tests and docker compose.
 */
package io.telemetrypipeline.simulator;
