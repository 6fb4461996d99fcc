/**
 * Abuse limits on authentication: a source address or a presented key that fails to authenticate too often is
 * locked out for a while (429), and so are the password logins of a principal id that fail too often, from whatever
 * addresses. Knows nothing of who the credentials belong to: it watches the 401s the APIs answer, and the login names
 * the id it counts.
 */
package io.tollgrid.gateway.lockout;
