/**
 * The ingest benchmark (issue 6): CDRs per second into Cassandra through Tollgrid's path (grid outbox → Jet
 * ingest → CdrStore), beside CdrStore alone and a raw async insert of the same rows with the driver.
 */
package io.tollgrid.loadtests.ingest;
