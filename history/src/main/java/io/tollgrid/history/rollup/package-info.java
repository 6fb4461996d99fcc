/**
 * Daily usage rollups of rated CDRs, kept in Cassandra as ingest writes the CDRs, so a report over a year reads
 * days, not calls. Each (tenant, account, UTC day) is recomputed whole from its CDR partition and written over
 * the last result, which makes a replayed or re-rated CDR count once (docs/rollups.md). Owns the rollup tables
 * and their refresher; reads CDRs only through {@link io.tollgrid.history.CdrStore} and writes none.
 */
package io.tollgrid.history.rollup;
