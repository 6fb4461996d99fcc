/**
 * The durable hand-off of finished calls from the grid to ingest: a transactional outbox. Stop writes
 * the call's stop event in the same transaction that debits the balance; ingest removes it only after
 * Cassandra holds the CDR. An acknowledged stop therefore survives an ingest restart. Ingest reads and
 * removes entries only through {@link io.tollgrid.grid.cdr.CdrOutbox}.
 */
package io.tollgrid.grid.cdr;
