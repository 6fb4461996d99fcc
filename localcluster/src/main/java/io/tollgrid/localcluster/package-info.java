/**
 * Real servers for tests and for the local stack, started from Maven artifacts on this machine:
 * a forked Cassandra node, forked JVMs that exit with their parent, free loopback ports, and the
 * JUnit 5 extension that shares one Cassandra across a test run. Nothing here knows about billing.
 */
package io.tollgrid.localcluster;
