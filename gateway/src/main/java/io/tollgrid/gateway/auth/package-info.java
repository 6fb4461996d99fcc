/**
 * Who is calling the admin and tenant APIs, and what it may do there. {@link io.tollgrid.gateway.auth.Access}
 * resolves the credential (the operator's admin key, a principal's API key, a tenant key from before principals, or
 * a login session) to a {@link io.tollgrid.gateway.auth.Caller}, checks the caller's role against the operation
 * ({@link io.tollgrid.gateway.auth.Rules}), and checks every object the request names against the caller's subtree:
 * anything outside it answers as missing (404), before any handler runs, so a refused write changes nothing.
 * {@link io.tollgrid.gateway.auth.PrincipalsApi} creates principals and keys, and logs people in. The switch API
 * authenticates switches itself (calls package); this package does not touch it.
 */
package io.tollgrid.gateway.auth;
