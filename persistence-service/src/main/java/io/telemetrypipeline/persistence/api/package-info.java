/**
 * The readings and devices API: a device's readings in a time range page by page, its
 * latest reading, the device summaries (all, or the silent ones) and one device's
 * summary, with the checks of the request parameters and the problem details of failures.
 */
package io.telemetrypipeline.persistence.api;
