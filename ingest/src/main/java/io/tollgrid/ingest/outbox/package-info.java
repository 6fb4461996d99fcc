/**
 * The stop-event pipeline: reads the grid's transactional outbox (only through the grid's
 * {@link io.tollgrid.grid.cdr.CdrOutbox}), writes one rated CDR per call to Cassandra, and only then removes the
 * outbox entry, in groups. A restart re-reads what was not yet removed, and the Cassandra write is an idempotent
 * upsert, so no acknowledged stop is lost or doubled. New entries are pushed by a continuous query; a backlog is
 * read by sweeps that walk the outbox partition by partition, a bounded batch per fill, so a backlog of n entries
 * costs O(n). Every queue and batch is bounded; {@link io.tollgrid.ingest.outbox.OutboxMetrics} exports the backlog.
 */
package io.tollgrid.ingest.outbox;
