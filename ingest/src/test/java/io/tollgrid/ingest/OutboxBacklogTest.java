package io.tollgrid.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.prometheus.client.CollectorRegistry;
import io.tollgrid.grid.cdr.CdrOutbox;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.localcluster.FreePorts;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backlog many batches long (the reader's fill, the sink's removal group) waiting in the outbox when ingest starts
 * drains completely: every CDR lands in Cassandra, each written exactly once, and the outbox ends empty.
 */
@ExtendWith(CassandraExtension.class)
class OutboxBacklogTest {
    private static final int BACKLOG = 12_000;
    private static Ignite server;
    private static Ignite client;
    private static CqlSession session;
    private static IngestSettings ingestSettings;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        GridSettings grid = TestGrids.settings("backlog-server");
        server = GridNodes.startServer(grid);
        client = GridNodes.startClient(grid.withInstanceName("backlog-client"));
        CassandraConnection connection = CassandraConnection.parse(cassandra.spec());
        ingestSettings = new IngestSettings(FreePorts.nextRange(3), "backlog-test", grid.withInstanceName("backlog-ingest"),
                connection, "backlog", 1);
        session = connection.openSession();
        CdrStore.open(session, "backlog", 1);
    }

    @AfterAll
    static void stop() {
        session.close();
        client.close();
        server.close();
    }

    @Test
    void aBacklogOfManyBatchesDrainsCompletelyWithEveryCdrWrittenOnce() throws InterruptedException {
        IgniteCache<SessionKey, StopEvent> outbox = client.cache(Caches.CDR_OUTBOX);
        long base = System.currentTimeMillis() - 3_600_000;
        Map<SessionKey, StopEvent> batch = new HashMap<>();
        for (int i = 0; i < BACKLOG; i++) {
            String account = "acc-" + (i % 97);
            String callId = "backlog-" + i;
            batch.put(new SessionKey(account, callId), new StopEvent("t1", account, callId, "100", "200", base + i,
                    base + i + 1_000, base + i + 61_000, 60, 60, "flat", 60_000, "EUR", "{}"));
            if (batch.size() == 1_000) {
                outbox.putAll(batch);
                batch.clear();
            }
        }
        outbox.putAll(batch);
        CdrOutbox cdrOutbox = new CdrOutbox(client);
        assertEquals(BACKLOG, cdrOutbox.backlog());

        double writtenBefore = written();
        try (Ingest ignored = Ingest.start(ingestSettings)) {
            awaitTrue(() -> cdrOutbox.backlog() == 0, Duration.ofSeconds(240), "the outbox was not emptied");
            assertEquals(0.0, CollectorRegistry.defaultRegistry.getSampleValue("tollgrid_ingest_outbox_backlog"),
                    "the backlog as ingest exports it");
            assertEquals((double) io.tollgrid.history.CdrStore.serverWarnings(),
                    CollectorRegistry.defaultRegistry.getSampleValue("tollgrid_ingest_cassandra_warnings_total"),
                    "Cassandra's warnings as ingest exports them");
            assertEquals(0.0, CollectorRegistry.defaultRegistry.getSampleValue("tollgrid_ingest_cassandra_warnings_total"),
                    "the outbox's batches stay under Cassandra's batch-size warning");
        }
        assertEquals(BACKLOG, written() - writtenBefore, "each CDR written to Cassandra exactly once");
        Set<String> callIds = new HashSet<>();
        int rows = 0;
        for (Row row : session.execute("SELECT call_id FROM backlog.cdrs_by_account_day")) {
            callIds.add(row.getString("call_id"));
            rows++;
        }
        assertEquals(BACKLOG, rows, "one row per CDR");
        assertEquals(BACKLOG, callIds.size(), "every CDR in Cassandra");
    }

    private static double written() {
        Double value = CollectorRegistry.defaultRegistry.getSampleValue("tollgrid_ingest_cdrs_written_total");
        return value == null ? 0 : value;
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String message)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, message);
            Thread.sleep(100);
        }
    }
}
