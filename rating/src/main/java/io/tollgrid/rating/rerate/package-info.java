/**
 * Re-rating: recomputing the cost of finished calls against a (new) deck version and reporting what
 * changed. Pure and deterministic: the same CDRs and deck always give the same report. Does not read or
 * write CDR storage; ingest feeds it and applies the result.
 */
package io.tollgrid.rating.rerate;
