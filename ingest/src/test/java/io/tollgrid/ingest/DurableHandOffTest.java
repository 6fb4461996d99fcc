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

    /** A stop that names its carrier reaches Cassandra with the carrier, its buy cost and the margin. */
    @Test
    void aStopNamingItsCarrierArrivesWithTheCarriersBuyCostAndTheMargin() throws Exception {
        GridAdmin admin = new GridAdmin(client);
        admin.createAccount("t1", "acc-carrier", "EUR", "p", Money.parse("10"), Money.ZERO);
        io.tollgrid.grid.rateplan.RateDecks decks = new io.tollgrid.grid.rateplan.RateDecks(client);
        var upload = decks.upload(java.util.Map.of(
                "plans.csv", "plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,max_grant_seconds\n"
                        + "handoff-buy,,UTC,6,START,UP,CALL,14400\n",
                "rates.csv", "plan,prefix,description,group,band,blocked,unit,price,connect_fee,initial_increment,"
                        + "next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority\n"
                        + "handoff-buy,2,Two,G,*,false,MINUTE,0.02,0.001,60,60,0,0,2020-01-01T00:00:00Z,,0\n"),
                System.currentTimeMillis());
        decks.awaitCompiled(upload.version(), Duration.ofSeconds(30));
        new io.tollgrid.grid.routing.CarrierRoutes(client).putCarrier(new io.tollgrid.rating.routing.Carrier("handoff-c",
                "Carrier", io.tollgrid.rating.routing.CarrierStatus.ACTIVE, "handoff-buy",
                List.of(new io.tollgrid.rating.routing.SipGateway("10.0.0.9", io.tollgrid.rating.routing.Transport.UDP, "", "")),
                io.tollgrid.rating.routing.CarrierLimits.NONE));
        io.tollgrid.grid.routing.RoutingTable table = io.tollgrid.grid.routing.RoutingTable.on(server);
        awaitTrue(() -> table.carrier("handoff-c") != null, "the carrier never reached the grid node");
        ChargingClient charging = new ChargingClient(client);
        long now = System.currentTimeMillis();
        assertEquals(Outcome.OK, charging.authorise("acc-carrier", "via-c", "100", "200", now).join().outcome());
        assertEquals(Outcome.OK, charging.stop("acc-carrier", "via-c", 90, now + 91_000, "{}", 0, "handoff-c").join().outcome());

        try (Ingest ignored = Ingest.start(ingestSettings)) {
            awaitTrue(() -> carrierCdrs().size() == 1, "the carrier's CDR never arrived");
            awaitTrue(() -> admin.outboxSize() == 0, "the outbox was not emptied");
        }
        RatedCdr cdr = carrierCdrs().get(0);
        assertEquals("handoff-c", cdr.carrierId());
        assertEquals(Money.parse("0.12"), cdr.cost(), "2 minutes at 0.06");
        assertEquals(Money.parse("0.041"), cdr.buyCost(), "2 minutes at 0.02 and 0.001 to connect");
        assertEquals(Money.parse("0.079"), cdr.margin());
    }

    private static List<RatedCdr> carrierCdrs() {
        Instant now = Instant.now();
        return reader.find("t1", "acc-carrier", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)))
                .toCompletableFuture().join();
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
