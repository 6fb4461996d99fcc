package io.tollgrid.localcluster;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkedCassandraTest {
    @Test
    void aForkedNodeAnswersCqlAndLeavesNothingBehindWhenClosed() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "forked-cassandra");
        ForkedCassandra node = ForkedCassandra.start(dataDir, 0, "512M", true);
        long pid = node.jvm().pid();
        try (CqlSession session = node.endpoint().openSession()) {
            String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
            assertTrue(version.startsWith("5.0"), version);
        } finally {
            node.close();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "Cassandra process still alive");
        assertFalse(Files.exists(dataDir), "data directory left behind");
    }

    @Test
    void aForkedJvmExitsWhenItsParentDies() throws Exception {
        // The parent is a short-lived JVM that forks a sleeper through ExitWithParent, prints its pid and exits.
        Path log = Files.createTempFile(Path.of("target"), "parent", ".log");
        ForkedJvm parent = ForkedJvm.start("parent", java.util.List.of(), System.getProperty("java.class.path"),
                SleeperParent.class.getName(), java.util.List.of(), log);
        assertTrue(parent.waitFor(Duration.ofSeconds(60)), "parent did not exit");
        long childPid = Long.parseLong(Files.readAllLines(log).stream().filter(l -> l.startsWith("child="))
                .findFirst().orElseThrow().substring("child=".length()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false), "orphan child still alive");
    }

    /** Forks a child that would sleep for ten minutes, then exits without stopping it. */
    public static final class SleeperParent {
        public static void main(String[] args) throws Exception {
            ForkedJvm child = ForkedJvm.start("sleeper", java.util.List.of(), System.getProperty("java.class.path"),
                    Sleeper.class.getName(), java.util.List.of(), Files.createTempFile("sleeper", ".log"));
            System.out.println("child=" + child.pid());
            System.out.flush();
            Thread.sleep(1500);
            Runtime.getRuntime().halt(0);
        }
    }

    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            Thread.sleep(600_000);
        }
    }
}
