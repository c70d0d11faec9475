/**
 * What a long-running command shows and obeys on the console: its progress on stderr, the
 * pace it keeps, and Ctrl-C or SIGTERM, on which it finishes the batch in flight.
 */
package io.telemetrypipeline.admin.console;
