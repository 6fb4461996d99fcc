/**
 * The ingest process: an embedded Hazelcast member with Jet, an Ignite client and a Cassandra session,
 * running the pipelines that turn finished calls into rated CDRs in Cassandra.
 */
package io.tollgrid.ingest;
