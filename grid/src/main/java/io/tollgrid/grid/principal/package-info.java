/**
 * Principals (people and programs that use the admin and tenant APIs), their roles, their API keys (stored only
 * as SHA-256 digests, with a name, an expiry and revocation), password logins (Argon2id) and login sessions with
 * an idle timeout. It owns the {@code principals}, {@code principal_keys} and {@code login_sessions} caches and
 * reads the legacy tenant keys ({@code api_keys}) so keys issued before principals keep working. It decides who a
 * credential is, never what that principal may do: the gateway's access rules do that.
 */
package io.tollgrid.grid.principal;
