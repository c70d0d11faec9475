/**
 * {@code redrive sqs}: the SQS dead-letter queue back to its source queue, by SQS's own
 * message move task where the server offers it, otherwise by receiving, sending and
 * deleting, each message deleted only after the source queue accepted it.
 */
package io.telemetrypipeline.admin.redrive;
