package io.tollgrid.localcluster;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Testcontainers branch. Runs only where a Docker engine answers; reported as skipped elsewhere. */
class ContainerCassandraTest {
    static boolean dockerAvailable() {
        return ContainerCassandra.dockerAvailable();
    }

    @Test
    @EnabledIf(value = "dockerAvailable", disabledReason = "no Docker engine on this machine, so Testcontainers cannot start Cassandra; "
            + "ForkedCassandraTest covers the same node through the forked-JVM branch")
    void containerNodeAnswersCql() {
        try (ContainerCassandra node = ContainerCassandra.start(); CqlSession session = node.endpoint().openSession()) {
            String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
            assertTrue(version.startsWith("5."), version);
        }
    }
}
