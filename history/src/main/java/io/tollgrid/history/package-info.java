/**
 * Rated CDR history in Cassandra: the schema, the idempotent writer and the tenant-scoped reader.
 * Partitioned by (tenant, account, UTC day) so one account's day is one partition. Knows nothing of
 * Ignite or Jet; the gateway reads through it and ingest writes through it.
 */
package io.tollgrid.history;
