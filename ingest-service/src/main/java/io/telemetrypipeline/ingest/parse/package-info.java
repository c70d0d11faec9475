/**
 * Parsing and validating the input: turns the body an AWS IoT rule wrote to SQS into a
 * canonical event, or into a rejection with a stable reason code. No I/O.
 */
package io.telemetrypipeline.ingest.parse;
