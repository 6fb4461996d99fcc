/**
 * Posting imported CDRs to the ledger ({@code ID.post=true}): each rated CDR's cost becomes a CHARGE on its account,
 * keyed by the CDR key, through the grid's {@link io.tollgrid.grid.charging.ChargingClient#postImportedCall} only
 * (never a grid cache by name). Decides what a CDR becomes before it is written: the row (posted, posted before, or
 * costing nothing), the row on the catch-all account, or a reject (unknown or closed account, other currency, a call
 * the switch API billed). Writes nothing to Cassandra itself.
 */
package io.tollgrid.ingest.posting;
