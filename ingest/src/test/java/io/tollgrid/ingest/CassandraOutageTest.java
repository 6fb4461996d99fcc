package io.tollgrid.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.prometheus.client.CollectorRegistry;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.cdr.CdrOutbox;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.localcluster.ForkedCassandra;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cassandra goes down under load and comes back: stops keep being acknowledged by the grid meanwhile, and afterwards
 * every acknowledged stop is in Cassandra exactly once and the outbox is empty. The test runs a Cassandra node of its
 * own (the shared one serves the other tests), kills it (kill -9), keeps it down for
 * {@code -Dtollgrid.test.cassandra.outage.seconds} (default {@value #DEFAULT_OUTAGE_SECONDS}; the 60 s
 * outage runs with {@code -Dtollgrid.test.cassandra.outage.seconds=60}) and restarts it from its data directory on the
 * same port. The outage as the driver sees it is longer: it also spans Cassandra's restart.
 */
class CassandraOutageTest {
    static final int DEFAULT_OUTAGE_SECONDS = 12;
    private static final String KEYSPACE = "outage";

    @Test
    void stopsAcknowledgedWhileCassandraIsDownAllArriveOnceAfterItReturns() throws Exception {
        int outageSeconds = Integer.getInteger("tollgrid.test.cassandra.outage.seconds", DEFAULT_OUTAGE_SECONDS);
        Path dataDir = Path.of("target").toAbsolutePath().resolve("outage-cassandra-" + ProcessHandle.current().pid());
        int cqlPort = FreePorts.next();
        ForkedCassandra cassandra = ForkedCassandra.start(dataDir, cqlPort, "512M", false);
        GridSettings grid = TestGrids.settings("outage-server");
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        try (Ignite server = GridNodes.startServer(grid);
             Ignite client = GridNodes.startClient(grid.withInstanceName("outage-client"))) {
            GridAdmin admin = new GridAdmin(client);
            admin.putTenant("t1", "T1", "t1-key-0123456789abcdef");
            admin.putRatePlan("p", new FlatRate(Money.parse("0.06"), Money.ZERO, 60, 60));
            for (int a = 0; a < 4; a++) {
                admin.createAccount("t1", "acc-" + a, "EUR", "p", Money.parse("100000"), Money.ZERO);
            }
            CassandraConnection connection = CassandraConnection.parse("127.0.0.1:" + cqlPort + ";datacenter1");
            try (CqlSession setup = connection.openSession()) {
                CdrStore.open(setup, KEYSPACE, 1);
            }
            IngestSettings settings = new IngestSettings(FreePorts.nextRange(3), "outage-test",
                    grid.withInstanceName("outage-ingest"), connection, KEYSPACE, 1);
            CdrOutbox outbox = new CdrOutbox(client);
            AtomicBoolean running = new AtomicBoolean(true);
            ChargingClient charging = new ChargingClient(client);
            Thread stops = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    String account = "acc-" + (n % 4);
                    String callId = "outage-" + n++;
                    long now = System.currentTimeMillis();
                    try {
                        if (charging.authorise(account, callId, "100", "200", now).join().outcome() == Outcome.OK) {
                            charging.answer(account, callId, now + 1_000).join();
                            stopped.add(callId);
                            if (charging.stop(account, callId, 60, now + 61_000, "{}").join().outcome() == Outcome.OK) {
                                acknowledged.merge(callId, 1, Integer::sum);
                            }
                        }
                    } catch (RuntimeException e) {
                        // Not acknowledged; the stop may still have committed, so its CDR may arrive (stopped holds it).
                    }
                    sleep(20);
                }
            }, "outage-stops");
            try (Ingest ignored = Ingest.start(settings)) {
                stops.start();
                OutboxBacklogTest.awaitTrue(() -> acknowledged.size() >= 50 && written() >= 20, Duration.ofSeconds(60),
                        "no CDRs flowing before the outage");
                double failuresBefore = failures();
                // kill -9, as a crash would. With commitlog_sync: periodic (10 s) this lost one CDR that Cassandra had
                // acknowledged and ingest had then removed from the outbox; with group sync a write is acknowledged
                // only once its commit log is on disk (ForkedCassandra, docs/operations.md).
                cassandra.jvm().kill();
                int beforeOutage = acknowledged.size();
                Thread.sleep(Duration.ofSeconds(outageSeconds).toMillis());
                int duringOutage = acknowledged.size() - beforeOutage;
                assertTrue(outbox.backlog() > 0, "stops acknowledged during the outage wait in the outbox");
                cassandra = ForkedCassandra.start(dataDir, cqlPort, "512M", false);
                Thread.sleep(2_000);
                running.set(false);
                stops.join();
                assertTrue(duringOutage > 0, "stops kept coming while Cassandra was down");
                assertTrue(failures() > failuresBefore, "the writes during the outage failed and were retried");
                // The driver reconnects with an exponential backoff (up to 60 s by default), hence the long wait.
                OutboxBacklogTest.awaitTrue(() -> outbox.backlog() == 0, Duration.ofSeconds(240),
                        "the outbox was not emptied after Cassandra came back");
                assertEquals(0.0, CollectorRegistry.defaultRegistry.getSampleValue("tollgrid_ingest_cassandra_writes_retrying"),
                        "no write still retrying");
            }
            Map<String, Integer> rows = new HashMap<>();
            try (CqlSession check = connection.openSession()) {
                for (Row row : check.execute("SELECT call_id FROM " + KEYSPACE + ".cdrs_by_account_day")) {
                    rows.merge(row.getString("call_id"), 1, Integer::sum);
                }
            }
            Set<String> missing = new java.util.TreeSet<>(acknowledged.keySet());
            missing.removeAll(rows.keySet());
            assertEquals(Set.of(), missing, "acknowledged stops missing from Cassandra");
            Set<String> unknown = new java.util.TreeSet<>(rows.keySet());
            unknown.removeAll(stopped);
            assertEquals(Set.of(), unknown, "CDRs of calls that were never stopped");
            assertEquals(List.of(), rows.values().stream().filter(count -> count != 1).toList(), "each CDR once");
            charging.close();
        } finally {
            cassandra.close();
            deleteQuietly(dataDir);
        }
    }

    private static double written() {
        Double value = CollectorRegistry.defaultRegistry.getSampleValue("tollgrid_ingest_cdrs_written_total");
        return value == null ? 0 : value;
    }

    private static double failures() {
        Double value = CollectorRegistry.defaultRegistry.getSampleValue("tollgrid_ingest_cassandra_write_failures_total");
        return value == null ? 0 : value;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException | RuntimeException ignored) {
            // target/ is cleaned by the next build anyway
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
