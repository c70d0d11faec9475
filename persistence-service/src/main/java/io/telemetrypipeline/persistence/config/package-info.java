/**
 * The settings of persistence-service ({@code telemetry.persistence.*}): the collection
 * and retention of readings, the MongoDB timeout, the retry back-off of failed batches,
 * and the readings API's limits and scope.
 */
package io.telemetrypipeline.persistence.config;
