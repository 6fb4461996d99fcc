package io.tollgrid.localcluster;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.cassandra.CassandraContainer;

import java.util.List;

/** Cassandra in a Docker container through Testcontainers, for machines that have a Docker engine. */
public final class ContainerCassandra implements RunningCassandra {
    public static final String IMAGE = "cassandra:5.0";

    private final CassandraContainer container;

    private ContainerCassandra(CassandraContainer container) {
        this.container = container;
    }

    /** True when a Docker engine answers; Testcontainers cannot run without one. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static ContainerCassandra start() {
        CassandraContainer container = new CassandraContainer(IMAGE);
        container.start();
        return new ContainerCassandra(container);
    }

    @Override
    public CassandraEndpoint endpoint() {
        return new CassandraEndpoint(List.of(container.getContactPoint()), container.getLocalDatacenter());
    }

    @Override
    public String origin() {
        return "Testcontainers " + IMAGE;
    }

    @Override
    public void close() {
        container.stop();
    }
}
