/**
 * Abuse limits on authentication: a source address or a presented key that fails to authenticate too often is
 * locked out for a while (429). Knows nothing of who the credentials belong to; it watches the 401s the APIs
 * answer.
 */
package io.tollgrid.gateway.lockout;
