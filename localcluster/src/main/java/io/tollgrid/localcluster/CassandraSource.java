package io.tollgrid.localcluster;

import java.nio.file.Path;
import java.util.Map;

/**
 * Decides where a test run's Cassandra comes from, in this order:
 * <ol>
 *   <li>{@code TOLLGRID_CASSANDRA} names an external cluster ("host:port,...;datacenter"): use it;</li>
 *   <li>else, if a Docker engine answers, start Testcontainers' Cassandra;</li>
 *   <li>else, start a forked local node from the Maven-resolved cassandra-all.</li>
 * </ol>
 */
public final class CassandraSource {
    public static final String EXTERNAL_ENV = "TOLLGRID_CASSANDRA";

    public enum Kind { EXTERNAL, CONTAINER, FORKED }

    private CassandraSource() {
    }

    public static Kind choose(Map<String, String> env, boolean dockerAvailable) {
        String external = env.get(EXTERNAL_ENV);
        if (external != null && !external.isBlank()) {
            return Kind.EXTERNAL;
        }
        return dockerAvailable ? Kind.CONTAINER : Kind.FORKED;
    }

    public static RunningCassandra start(Map<String, String> env, Path workDir) {
        return switch (choose(env, ContainerCassandra.dockerAvailable())) {
            case EXTERNAL -> external(CassandraEndpoint.parse(env.get(EXTERNAL_ENV)));
            case CONTAINER -> ContainerCassandra.start();
            case FORKED -> ForkedCassandra.start(workDir.resolve("cassandra-" + ProcessHandle.current().pid()), 0, "768M", true);
        };
    }

    private static RunningCassandra external(CassandraEndpoint endpoint) {
        return new RunningCassandra() {
            @Override
            public CassandraEndpoint endpoint() {
                return endpoint;
            }

            @Override
            public String origin() {
                return "external cluster from " + EXTERNAL_ENV;
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}
