/**
 * The local one-machine stack behind {@code ./tollgrid up}: a forked Cassandra, a grid node, a gateway
 * and ingest, each its own JVM that dies with the launcher, plus the demo tenant. Not for production.
 */
package io.tollgrid.ops.stack;
