/**
 * The stop-event pipeline: reads the grid's transactional outbox, writes one rated CDR per call to
 * Cassandra, and only then removes the outbox entry. A restart re-reads what was not yet removed, and
 * the Cassandra write is an idempotent upsert, so no acknowledged stop is lost or doubled.
 */
package io.tollgrid.ingest.outbox;
