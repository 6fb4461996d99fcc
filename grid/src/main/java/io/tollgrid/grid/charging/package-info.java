/**
 * The real-time charging core: authorise (reserve), answer, stop (post the actual cost, release the
 * rest, hand the call to the outbox). Each operation runs as a job on the node that owns the account,
 * inside one pessimistic transaction, and is idempotent by call-id, so a retry after failover is safe.
 * Gateways reach it only through {@link io.tollgrid.grid.charging.ChargingClient}.
 */
package io.tollgrid.grid.charging;
