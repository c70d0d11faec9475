/**
 * The records the pipeline put aside on Kafka ({@code telemetry.events.dlt},
 * {@code telemetry.rejected}): the Kafka clients that read them, what each one says
 * (reason, device, time), which of them a command selects, and the offsets a command goes
 * through.
 */
package io.telemetrypipeline.admin.setaside;
