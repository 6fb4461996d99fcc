package io.tollgrid.ops.hosts;

import io.tollgrid.localcluster.ForkedJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness itself: hosts reach each other over the bridge, a partition cuts one off, heal restores it, close removes all. */
class TestHostsTest {
    @Test
    void hostsReachEachOtherUntilPartitionedAndNothingIsLeftAfterClose() throws Exception {
        TestHosts hosts = TestHosts.create(2);
        try (hosts) {
            TestHosts.Host a = hosts.host(1);
            TestHosts.Host b = hosts.host(2);
            assertNotEquals(a.address(), b.address());
            Path log = Path.of("target", "hosts", hosts.prefix(), "listener.log").toAbsolutePath();
            ForkedJvm listener = hosts.startJvm(b, "listener", TcpListener.class.getName(), List.of("-Xmx32m"),
                    List.of(b.address(), "7000"), log);
            listener.awaitLogged("LISTENING", Duration.ofSeconds(60));

            assertTrue(connects(hosts, a, b), "host 1 reaches host 2 over the bridge");
            assertFalse(connects(hosts, a, a), "host 1 has no listener of its own: the namespaces are separate");

            hosts.partition(b);
            assertFalse(connects(hosts, a, b), "a partitioned host is unreachable");

            hosts.heal(b);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            boolean healed = false;
            while (!healed && System.nanoTime() < deadline) {
                healed = connects(hosts, a, b);
            }
            assertTrue(healed, "a healed host is reachable again");
            assertTrue(listener.isAlive());
        }
        assertEquals(List.of(), hosts.leftovers(), "close() removes namespaces, veths and the bridge");
    }

    private static boolean connects(TestHosts hosts, TestHosts.Host from, TestHosts.Host to) {
        return hosts.exec(from, "timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/" + to.address() + "/7000").exit() == 0;
    }
}
