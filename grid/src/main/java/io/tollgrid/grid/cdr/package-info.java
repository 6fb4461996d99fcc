/**
 * The durable hand-off of finished calls from the grid to ingest: a transactional outbox. Stop writes
 * the call's stop event in the same transaction that debits the balance; ingest removes it only after
 * Cassandra holds the CDR. An acknowledged stop therefore survives an ingest restart.
 */
package io.tollgrid.grid.cdr;
