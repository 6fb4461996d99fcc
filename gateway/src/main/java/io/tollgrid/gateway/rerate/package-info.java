/**
 * Re-rating a period after a price change (docs/rating.md, "Re-rating a period"): an account's stored CDRs priced
 * again by the active rate deck, the changed ones corrected in the ledger (when they were charged) and rewritten, and
 * their days rolled up again. {@link io.tollgrid.gateway.rerate.RerateApi} is the operator's endpoint.
 */
package io.tollgrid.gateway.rerate;
