package io.tollgrid.localcluster;

/** A Cassandra that is up, whoever started it. Closing stops it if we started it. */
public interface RunningCassandra extends AutoCloseable {
    CassandraEndpoint endpoint();

    /** How the node was obtained, for logs and test reports. */
    String origin();

    @Override
    void close();
}
