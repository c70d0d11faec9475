/**
 * The readings API: a device's readings in a time range and its latest reading, with the
 * checks of the request parameters.
 */
package io.telemetrypipeline.persistence.api;
