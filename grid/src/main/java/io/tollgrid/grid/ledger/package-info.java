/**
 * Money moved outside calls: top-ups, refunds and adjustments, each a transfer with an id. A repeated
 * id is a no-op that returns the first answer. Transfers are kept per account as its top-up history.
 */
package io.tollgrid.grid.ledger;
