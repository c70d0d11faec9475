/**
 * A TCP proxy in front of each embedded server, so that the address clients use can fail
 * as a server does: refuse connections, drop them, or stall.
 */
package io.telemetrypipeline.infrastructure.proxy;
