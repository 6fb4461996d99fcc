package io.tollgrid.localcluster;

import com.datastax.oss.driver.api.core.CqlSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Cassandra 5 node in its own JVM, started from the cassandra-all jars Maven resolved, on free
 * loopback ports with its own data directory. Settings follow shared/notes/cassandra.md.
 */
public final class ForkedCassandra implements RunningCassandra {
    /** A loaded 2-core box has been seen to take 102 s to start Cassandra. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final ForkedJvm jvm;
    private final CassandraEndpoint endpoint;
    private final Path dataDir;
    private final boolean deleteOnClose;

    private ForkedCassandra(ForkedJvm jvm, CassandraEndpoint endpoint, Path dataDir, boolean deleteOnClose) {
        this.jvm = jvm;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Starts a node in {@code dataDir} and waits until it answers CQL.
     *
     * @param cqlPort       the native transport port (0 picks a free one)
     * @param heap          e.g. "512M" or "1G"
     * @param deleteOnClose delete the data directory when the node is closed (tests), or keep it (the local stack)
     */
    public static ForkedCassandra start(Path dataDir, int cqlPort, String heap, boolean deleteOnClose) {
        return start(dataDir, "127.0.0.1", cqlPort, heap, deleteOnClose, List.of());
    }

    /**
     * Starts a node bound to {@code address}, launched through {@code launcher} (a command that ends by exec'ing
     * its arguments, such as {@code ip netns exec NS}; empty for none): a node on a test host of its own.
     */
    public static ForkedCassandra start(Path dataDir, String address, int cqlPort, String heap, boolean deleteOnClose,
                                        List<String> launcher) {
        int nativePort = cqlPort == 0 ? FreePorts.next() : cqlPort;
        int storagePort = FreePorts.next();
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            Path yaml = dataDir.resolve("cassandra.yaml");
            Files.writeString(yaml, yaml(address, storagePort, nativePort));
            List<String> options = new ArrayList<>(List.of(
                    "-Xms" + heap, "-Xmx" + heap, "-Xss256k",
                    "-XX:+UseG1GC",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                    "-Djava.net.preferIPv4Stack=true",
                    "-Dcassandra.config=" + yaml.toUri(),
                    "-Dcassandra.storagedir=" + dataDir,
                    "-Dcassandra.logdir=" + dataDir.resolve("logs"),
                    "-Dcassandra-foreground=yes",
                    "-Dcassandra.ring_delay_ms=1000",
                    "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                    "-Dcassandra.test.ignore_sigar=true"));
            ForkedJvm jvm = ForkedJvm.start("cassandra", launcher, options, BuildProperties.cassandraClasspath(),
                    "org.apache.cassandra.service.CassandraDaemon", List.of(), dataDir.resolve("logs/stdout.log"));
            CassandraEndpoint endpoint = new CassandraEndpoint(
                    List.of(new InetSocketAddress(address, nativePort)), "datacenter1");
            ForkedCassandra node = new ForkedCassandra(jvm, endpoint, dataDir, deleteOnClose);
            // Launched elsewhere (another network namespace), the node may be out of this JVM's reach: its log says when it listens.
            node.awaitCql(launcher.isEmpty());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Cassandra in " + dataDir, e);
        }
    }

    private void awaitCql(boolean probe) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("Cassandra exited while starting; log tail:\n" + jvm.logTail(40));
            }
            if (jvm.hasLogged("Starting listening for CQL clients")) {
                if (!probe) {
                    return;
                }
                try (CqlSession session = endpoint.openSession()) {
                    session.execute("SELECT release_version FROM system.local");
                    return;
                } catch (RuntimeException notYet) {
                    last = notYet;
                }
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException("Cassandra did not answer CQL within " + START_TIMEOUT
                + (last == null ? "" : " (last error: " + last.getMessage() + ")") + "; log tail:\n" + jvm.logTail(40));
    }

    /**
     * The node's configuration. concurrent_writes is raised from Cassandra's 32: with group commit every write
     * holds a mutation thread until its sync, which capped a node near 2,100 writes/s with the cores idle
     * (docs/performance.md, the outbox backlog).
     */
    private static String yaml(String address, int storagePort, int nativePort) {
        return """
                cluster_name: tollgrid-local
                num_tokens: 16
                allocate_tokens_for_local_replication_factor: 1
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                endpoint_snitch: SimpleSnitch
                commitlog_sync: group
                commitlog_sync_group_window: 15ms
                concurrent_writes: 128
                commitlog_segment_size: 8MiB
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "%s:%d"
                listen_address: %s
                rpc_address: %s
                storage_port: %d
                native_transport_port: %d
                start_native_transport: true
                memtable_heap_space: 64MiB
                memtable_offheap_space: 64MiB
                concurrent_compactors: 1
                auto_snapshot: false
                read_request_timeout: 20000ms
                write_request_timeout: 20000ms
                range_request_timeout: 30000ms
                request_timeout: 30000ms
                """.formatted(address, storagePort, address, address, storagePort, nativePort);
    }

    @Override
    public CassandraEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String origin() {
        return "forked local node (pid " + jvm.pid() + ", " + dataDir + ")";
    }

    public ForkedJvm jvm() {
        return jvm;
    }

    @Override
    public void close() {
        jvm.stop(Duration.ofSeconds(30));
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Cassandra", e);
        }
    }
}
