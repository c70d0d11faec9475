/**
 * pipeline-admin's entry point and command line: the top-level command, its sub-commands
 * and how Spring Boot runs them.
 */
package io.telemetrypipeline.admin;
