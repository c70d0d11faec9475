/**
 * Who may read what: the readings and devices API requires a JWT with the API's scope,
 * limited to the devices the token lists, and refusals are answered as problem details.
 */
package io.telemetrypipeline.persistence.security;
