/**
 * Calls in progress. A session is keyed by (account, call-id) and colocated with its account, so
 * authorise, start and stop touch one partition. The session remembers the rate it was authorised at
 * and its reservation, which makes every operation on it repeatable.
 */
package io.tollgrid.grid.session;
