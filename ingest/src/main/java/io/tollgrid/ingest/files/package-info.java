/**
 * CDR files dropped into a directory, into rated CDRs in Cassandra (formats in docs/cdr-files.md): a Jet job that takes each
 * settled file from a source's {@code incoming/}, archives its raw lines, parses them with the source's
 * {@link io.tollgrid.ingest.formats format}, prices them with the grid's rate plans, writes CDRs and rejects,
 * and only then moves the file to {@code done/}. Every write is an idempotent upsert under keys that
 * depend only on the file's content, so a file processed again after a crash yields the same rows.
 * Imports write history only: they never post to an account's balance.
 */
package io.tollgrid.ingest.files;
