package io.tollgrid.grid.product;

import io.tollgrid.billing.period.Cadence;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recurring and one-off charges against a real grid (a server and a client node): each (product, account,
 * period) is charged once, whether the run is repeated, stopped half-way or finds a charge a dead run posted.
 */
class ProductChargesTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static Ignite server;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;
    private static Products products;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("products-server");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("products-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        products = new Products(client, charging);
        admin.putRatePlan("pc-flat", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
        admin.putTenant("pc", "Products", "pc-key-0123456789abcdef");
        admin.putTenant("pc-other", "Other", "pc-other-key-0123456789");
    }

    @AfterAll
    static void stopGrid() {
        charging.close();
        client.close();
        server.close();
    }

    private static String account(String balance, String currency) {
        return account("pc-" + IDS.incrementAndGet(), balance, currency);
    }

    private static String account(String id, String balance, String currency) {
        admin.openAccount(Account.open("pc", id, currency, "pc-flat", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, Money.parse(balance).micros(), 0, 0));
        return id;
    }

    private static Product monthly(String price, int anchor, String zone) {
        return products.putProduct(new Product("fee-" + IDS.incrementAndGet(), null, "Monthly fee",
                Money.parse(price).micros(), "EUR", Cadence.MONTHLY, anchor, zone));
    }

    private static long balance(String id) {
        return admin.account(id).orElseThrow().balanceMicros();
    }

    private static List<String> charges(String account, Product product) {
        return admin.transfersOf(account).stream()
                .filter(t -> t.transferId().startsWith("charge:" + product.productId() + ":"))
                .peek(t -> assertEquals(TransferKind.CHARGE, t.kind()))
                .map(Transfer::transferId).sorted().toList();
    }

    /** Runs over every partition: other tests' assignments share the grid, so tests look at their own accounts. */
    private static RunReport runAll(Instant now) {
        return products.runAll(now);
    }

    @Test
    void runningTwiceChargesEachPeriodOnce() {
        Product fee = monthly("9.99", 1, "Europe/Berlin");
        String account = account("100", "EUR");
        products.assign(account, fee.productId(), Instant.parse("2026-10-15T09:00:00Z"));
        Instant now = Instant.parse("2026-12-03T08:00:00Z");

        runAll(now);
        runAll(now);

        assertEquals(List.of("charge:" + fee.productId() + ":2026-10-01", "charge:" + fee.productId() + ":2026-11-01",
                "charge:" + fee.productId() + ":2026-12-01"), charges(account, fee));
        assertEquals(Money.parse("100").micros() - 3 * Money.parse("9.99").micros(), balance(account));
        assertEquals(Instant.parse("2026-12-31T23:00:00Z").toEpochMilli(),
                products.assignmentsOf(account).get(0).chargedUntilMillis());
    }

    @Test
    void aRunStoppedHalfWayAndOneThatDiedAfterPostingAreFinishedByTheNextRunOnce() {
        Product fee = monthly("5.00", 1, "UTC");
        List<String> accounts = new ArrayList<>();
        Instant assigned = Instant.parse("2026-10-02T00:00:00Z");
        for (int i = 0; i < 6; i++) {
            // "pa-" sorts before every other test's "pc-": the run meets these accounts first.
            String account = account("pa-" + IDS.incrementAndGet(), "50", "EUR");
            accounts.add(account);
            products.assign(account, fee.productId(), assigned);
        }
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        int[] partitions = accounts.stream().mapToInt(a -> client.affinity(Caches.PRODUCT_ASSIGNMENTS)
                .partition(new io.tollgrid.grid.account.AccountScopedKey(a, ""))).distinct().toArray();

        RunReport stopped = products.run(now, partitions, 2);
        assertTrue(stopped.stoppedEarly());
        long charged = accounts.stream().filter(a -> charges(a, fee).size() == 3).count();
        assertEquals(2, charged, "the first two accounts of the run, and no other");
        assertEquals(4, accounts.stream().filter(a -> charges(a, fee).isEmpty()).count());
        // A run that died after posting one charge, before it moved its cursor.
        String half = accounts.stream().filter(a -> charges(a, fee).isEmpty()).findFirst().orElseThrow();
        charging.transfer(half, "charge:" + fee.productId() + ":2026-10-01", TransferKind.CHARGE,
                -Money.parse("5.00").micros(), now.toEpochMilli(), "a dead run's charge").join();

        RunReport finished = products.run(now, partitions, Integer.MAX_VALUE);
        RunReport again = products.run(now, partitions, Integer.MAX_VALUE);

        assertTrue(finished.posted() >= 4 * 3 - 1, finished.toString());
        assertTrue(finished.replayed() >= 1, finished.toString());
        assertEquals(0, again.posted());
        for (String account : accounts) {
            assertEquals(3, charges(account, fee).size(), account);
            assertEquals(Money.parse("35.00").micros(), balance(account), account);
        }
    }

    @Test
    void aSetupFeeIsChargedOnce() {
        Product setup = products.putProduct(new Product("setup-" + IDS.incrementAndGet(), null, "Setup fee",
                Money.parse("25.00").micros(), "EUR", null, 0, null));
        String account = account("30", "EUR");
        Instant assigned = Instant.parse("2026-12-01T10:00:00Z");
        products.assign(account, setup.productId(), assigned);

        runAll(assigned.minusSeconds(1));
        assertTrue(charges(account, setup).isEmpty(), "not before it was assigned");
        runAll(assigned);
        runAll(assigned.plusSeconds(86_400 * 40));

        assertEquals(List.of("charge:" + setup.productId() + ":once"), charges(account, setup));
        assertEquals(Money.parse("5.00").micros(), balance(account));
    }

    @Test
    void aMonthInAucklandIsDueAtItsLocalMidnight() {
        Product fee = monthly("1.00", 1, "Pacific/Auckland");
        String account = account("10", "EUR");
        products.assign(account, fee.productId(), Instant.parse("2026-11-15T00:00:00Z"));

        runAll(Instant.parse("2026-11-30T10:59:59Z")); // 23:59:59 on 30 November in Auckland
        assertEquals(List.of("charge:" + fee.productId() + ":2026-11-01"), charges(account, fee));
        runAll(Instant.parse("2026-11-30T11:00:00Z")); // midnight, 1 December, in Auckland
        assertEquals(List.of("charge:" + fee.productId() + ":2026-11-01", "charge:" + fee.productId() + ":2026-12-01"),
                charges(account, fee));
    }

    @Test
    void aWeekAcrossTheSpringChangeIsDueAtLocalMidnightInSummerTime() {
        Product rental = products.putProduct(new Product("rental-" + IDS.incrementAndGet(), "pc", "Number rental",
                Money.parse("2.00").micros(), "EUR", Cadence.WEEKLY, 7, "Europe/London"));
        String account = account("10", "EUR");
        products.assign(account, rental.productId(), Instant.parse("2027-03-22T12:00:00Z"));

        // The week from Sunday 28 March (GMT) ends at midnight on 4 April, BST: 2027-04-03T23:00Z.
        runAll(Instant.parse("2027-04-03T22:59:59Z"));
        assertEquals(2, charges(account, rental).size());
        runAll(Instant.parse("2027-04-03T23:00:00Z"));
        assertEquals(List.of("charge:" + rental.productId() + ":2027-03-21", "charge:" + rental.productId()
                + ":2027-03-28", "charge:" + rental.productId() + ":2027-04-04"), charges(account, rental));
        assertEquals(Money.parse("4.00").micros(), balance(account));
    }

    @Test
    void aPrepaidAccountWithoutFundsIsChargedOnceItHasThem() {
        Product fee = monthly("20.00", 1, "UTC");
        String account = account("15", "EUR");
        products.assign(account, fee.productId(), Instant.parse("2026-12-01T00:00:00Z"));
        Instant now = Instant.parse("2026-12-02T00:00:00Z");

        RunReport refused = runAll(now);
        assertTrue(refused.refusals().stream().anyMatch(r -> r.startsWith(account + "/") && r.endsWith("INSUFFICIENT_FUNDS")),
                refused.refusals().toString());
        assertEquals(Money.parse("15").micros(), balance(account));
        charging.transfer(account, "pay-" + account, TransferKind.TOPUP, Money.parse("10").micros(),
                now.toEpochMilli(), "payment").join();
        runAll(now);
        runAll(now);
        assertEquals(Money.parse("5").micros(), balance(account));
        assertEquals(1, charges(account, fee).size());
    }

    @Test
    void aServerNodesScheduledRunChargesTheAccountsItOwns() {
        Product fee = monthly("3.00", 1, "UTC");
        String account = account("10", "EUR");
        products.assign(account, fee.productId(), Instant.parse("2026-12-01T00:00:00Z"));
        ChargingClient local = new ChargingClient(server);
        try {
            // The only server owns every partition as primary.
            ChargeScheduler.runOwned(server, local, Instant.parse("2026-12-01T00:05:00Z"));
            ChargeScheduler.runOwned(server, local, Instant.parse("2026-12-01T00:20:00Z"));
        } finally {
            local.close();
        }
        assertEquals(List.of("charge:" + fee.productId() + ":2026-12-01"), charges(account, fee));
        assertEquals(Money.parse("7.00").micros(), balance(account));
    }

    @Test
    void assignmentsAreChecked() {
        Product fee = monthly("1.00", 1, "UTC");
        Product othersFee = products.putProduct(new Product("other-" + IDS.incrementAndGet(), "pc-other", "Theirs",
                Money.parse("1.00").micros(), "EUR", Cadence.MONTHLY, 1, "UTC"));
        String account = account("0", "EUR");
        String dollars = account("0", "USD");
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        products.assign(account, fee.productId(), at);

        assertEquals("ASSIGNMENT_EXISTS", assertThrows(AdminException.class,
                () -> products.assign(account, fee.productId(), at)).code());
        assertEquals("CURRENCY_MISMATCH", assertThrows(AdminException.class,
                () -> products.assign(dollars, fee.productId(), at)).code());
        assertEquals("PRODUCT_NOT_OFFERED", assertThrows(AdminException.class,
                () -> products.assign(account, othersFee.productId(), at)).code());
        assertEquals("PRODUCT_UNKNOWN", assertThrows(AdminException.class,
                () -> products.assign(account, "no-such-product", at)).code());
        assertEquals("PRODUCT_FIXED", assertThrows(AdminException.class,
                () -> products.putProduct(new Product(fee.productId(), null, "Monthly fee", 1_000_000, "EUR",
                        Cadence.WEEKLY, 1, "UTC"))).code());
        assertEquals(1, products.assignmentsOf(account).size());
    }
}
