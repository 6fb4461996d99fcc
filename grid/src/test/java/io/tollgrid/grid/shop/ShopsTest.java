package io.tollgrid.grid.shop;

import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.principal.Principals;
import io.tollgrid.grid.principal.Role;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Day sessions on a server and a client node: one open per operator under concurrency, payments, closing. */
class ShopsTest {
    private static final Instant T0 = Instant.parse("2026-03-29T00:30:00Z");
    private static Ignite server;
    private static Ignite client;
    private static Shops shops;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("shops-server");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("shops-client"));
        GridAdmin admin = new GridAdmin(client);
        admin.putTenant("sh-t", "Shop", "sh-tenant-key-0000001");
        admin.putTenant("sh-u", "Other", "sh-tenant-key-0000002");
        admin.putRatePlan("sh-flat", new FlatRate(Money.parse("0.01"), Money.ZERO, 60, 60));
        admin.createAccount("sh-t", "sh-b1", "EUR", "sh-flat", Money.ZERO, Money.ZERO);
        admin.createAccount("sh-t", "sh-b2", "EUR", "sh-flat", Money.ZERO, Money.ZERO);
        admin.createAccount("sh-u", "sh-u1", "EUR", "sh-flat", Money.ZERO, Money.ZERO);
        Principals principals = new Principals(client);
        principals.create("sh-op", Role.SHOP_OPERATOR, "Operator", "sh-t", null, null);
        principals.create("sh-op2", Role.SHOP_OPERATOR, "Second", "sh-t", null, null);
        principals.create("sh-admin", Role.RESELLER_ADMIN, "Admin", "sh-t", null, null);
        shops = new Shops(client);
        shops.putShop("sh-t", List.of("sh-b1", "sh-b2"), List.of(SellRule.markup("", 2_500)));
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server.close();
    }

    @Test
    void boothsMustBeTheShopsOwnAccounts() {
        assertEquals("ACCOUNT_UNKNOWN", assertThrows(AdminException.class,
                () -> shops.putShop("sh-t", List.of("sh-u1"), List.of())).code());
        assertEquals("TENANT_UNKNOWN", assertThrows(AdminException.class,
                () -> shops.putShop("sh-none", List.of("sh-b1"), List.of())).code());
        assertEquals(List.of("sh-b1", "sh-b2"), shops.shop("sh-t").orElseThrow().booths());
    }

    @Test
    void twoConcurrentOpensByOneOperatorLeaveExactlyOneSession() throws Exception {
        int racers = 8;
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                Callable<String> open = () -> {
                    start.await();
                    try {
                        return shops.open("sh-t", "sh-op2", 10_000_000, T0).sessionId();
                    } catch (AdminException e) {
                        return e.code();
                    }
                };
                results.add(pool.submit(open));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get());
            }
            assertEquals(1, outcomes.stream().filter(o -> o.startsWith("s-")).count(), outcomes.toString());
            assertEquals(racers - 1, outcomes.stream().filter("SESSION_OPEN"::equals).count(), outcomes.toString());
            DaySession open = shops.openSessionOf("sh-op2").orElseThrow();
            assertEquals(1, shops.sessions("sh-t", "sh-op2", T0, T0.plusSeconds(1)).size());
            shops.close(open.sessionId(), "sh-op2", 10_000_000, List.of(), T0.plusSeconds(60));
            assertTrue(shops.openSessionOf("sh-op2").isEmpty());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSessionPaysCallsOnceAndIsReadOnlyOnceClosed() {
        assertEquals("NOT_A_SHOP_OPERATOR", assertThrows(AdminException.class,
                () -> shops.open("sh-t", "sh-admin", 0, T0)).code());
        assertEquals("CASH_INVALID", assertThrows(AdminException.class,
                () -> shops.open("sh-t", "sh-op", -1, T0)).code());
        DaySession session = shops.open("sh-t", "sh-op", 20_000_000, T0);
        String id = session.sessionId();
        SessionCall a = call("sh-b1", "c-a", 50_000);
        SessionCall b = call("sh-b2", "c-b", 120_000);
        SessionCall c = call("sh-b1", "c-c", 30_000);

        Receipt receipt = shops.pay(id, "sh-op", List.of(a, b), T0.plusSeconds(300));
        assertEquals(170_000, receipt.totalMicros());
        assertEquals(id + "-r1", receipt.receiptId());
        assertEquals("CALL_ALREADY_PAID", assertThrows(AdminException.class,
                () -> shops.pay(id, "sh-op", List.of(c, a), T0.plusSeconds(301))).code());
        assertTrue(!shops.session(id).orElseThrow().marks().containsKey(c.key()), "a refused payment paid part of it");
        assertEquals(1, shops.session(id).orElseThrow().receipts());
        assertEquals("CALLS_INVALID", assertThrows(AdminException.class,
                () -> shops.pay(id, "sh-op", List.of(c, c), T0.plusSeconds(301))).code());
        assertEquals("SESSION_NOT_YOURS", assertThrows(AdminException.class,
                () -> shops.pay(id, "sh-op2", List.of(c), T0.plusSeconds(301))).code());
        shops.markUnpaid(id, "sh-op", List.of(c.key()), T0.plusSeconds(302));
        assertEquals("CALL_ALREADY_PAID", assertThrows(AdminException.class,
                () -> shops.markUnpaid(id, "sh-op", List.of(a.key()), T0.plusSeconds(302))).code());

        SessionCall d = call("sh-b2", "c-d", 10_000);
        DaySession closed = shops.close(id, "sh-op", 20_160_000, List.of(a, b, c, d), T0.plusSeconds(3600));
        DayReport report = DayReport.of(closed, closed.closedCalls());
        assertEquals(20_170_000, report.expectedMicros());
        assertEquals(-10_000, report.differenceMicros());
        assertEquals(4 * 90, report.answeredSeconds());
        assertEquals(List.of("c-c"), report.unpaid().stream().map(SessionCall::callId).toList());
        assertEquals(List.of("c-d"), report.unserved().stream().map(SessionCall::callId).toList());

        assertEquals("SESSION_CLOSED", assertThrows(AdminException.class,
                () -> shops.pay(id, "sh-op", List.of(d), T0.plusSeconds(3601))).code());
        assertEquals("SESSION_CLOSED", assertThrows(AdminException.class,
                () -> shops.close(id, "sh-op", 0, List.of(), T0.plusSeconds(3601))).code());
        assertEquals(closed.closedAtMillis(), shops.session(id).orElseThrow().closedAtMillis());
        assertTrue(shops.sessions("sh-t", null, T0, T0.plusSeconds(1)).stream()
                .anyMatch(s -> s.sessionId().equals(id)));
        assertTrue(shops.sessions("sh-u", null, T0, T0.plusSeconds(1)).isEmpty());
        assertTrue(shops.sessions("sh-t", null, T0.plusSeconds(1), T0.plusSeconds(2)).isEmpty());
    }

    private static SessionCall call(String booth, String callId, long sell) {
        return new SessionCall(booth, callId, "359888", T0.plusSeconds(100).toEpochMilli(), 90, 10_000, sell,
                CallStatus.UNSERVED, null);
    }
}
