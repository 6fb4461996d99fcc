package io.tollgrid.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stop the grid acknowledged reaches Cassandra even when ingest is down at that moment. */
@ExtendWith(CassandraExtension.class)
class DurableHandOffTest {
    private static Ignite server;
    private static Ignite client;
    private static CqlSession session;
    private static IngestSettings ingestSettings;
    private static CdrStore reader;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        GridSettings grid = TestGrids.settings("handoff-server");
        server = GridNodes.startServer(grid);
        client = GridNodes.startClient(grid.withInstanceName("handoff-client"));
        GridAdmin admin = new GridAdmin(client);
        admin.putTenant("t1", "T1", "t1-key-0123456789abcdef");
        admin.putRatePlan("p", new FlatRate(Money.parse("0.06"), Money.ZERO, 60, 60));
        admin.createAccount("t1", "acc", "EUR", "p", Money.parse("10"), Money.ZERO);
        CassandraConnection connection = CassandraConnection.parse(cassandra.spec());
        ingestSettings = new IngestSettings(FreePorts.nextRange(3), "handoff-test", grid.withInstanceName("handoff-ingest"),
                connection, "handoff", 1);
        session = connection.openSession();
        reader = CdrStore.open(session, "handoff", 1);
    }

    @AfterAll
    static void stop() {
        session.close();
        client.close();
        server.close();
    }

    @Test
    void aStopAcknowledgedWhileIngestIsDownArrivesAfterItRestarts() throws Exception {
        ChargingClient charging = new ChargingClient(client);
        GridAdmin admin = new GridAdmin(client);

        try (Ingest ignored = Ingest.start(ingestSettings)) {
            charge(charging, "before-restart");
            awaitTrue(() -> cdrs().size() == 1, "the first CDR did not arrive");
        }

        charge(charging, "while-down");
        Thread.sleep(1_000);
        assertEquals(1, admin.outboxSize(), "the acknowledged stop must wait in the outbox");
        assertEquals(1, cdrs().size(), "nothing can be written while ingest is down");

        try (Ingest ignored = Ingest.start(ingestSettings)) {
            awaitTrue(() -> cdrs().size() == 2, "the stop acknowledged while ingest was down never arrived");
            awaitTrue(() -> admin.outboxSize() == 0, "the outbox was not emptied");
        }
        RatedCdr late = cdrs().stream().filter(c -> c.callId().equals("while-down")).findFirst().orElseThrow();
        assertEquals(Money.parse("0.12"), late.cost());
        assertEquals(90, late.durationSeconds());
        assertEquals(120, late.billedSeconds());
        assertEquals("ANSWERED", late.disposition());
        assertTrue(late.raw().contains("while-down"), late.raw());
    }

    private static void charge(ChargingClient charging, String callId) {
        long now = System.currentTimeMillis();
        assertEquals(Outcome.OK, charging.authorise("acc", callId, "100", "200", now).join().outcome());
        charging.answer("acc", callId, now + 1_000).join();
        assertEquals(Outcome.OK, charging.stop("acc", callId, 90, now + 91_000, "{\"callId\":\"" + callId + "\"}").join().outcome());
    }

    private static List<RatedCdr> cdrs() {
        Instant now = Instant.now();
        return reader.find("t1", "acc", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))).toCompletableFuture().join();
    }

    private static void awaitTrue(BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message);
            }
            Thread.sleep(200);
        }
    }
}
