package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transfer between two accounts (a reseller's wallet funding a customer) on two grid server nodes, so the
 * two accounts are often owned by different nodes: it moves money once per id, creates none, and never takes
 * the payer below what its credit limit covers, however many run at once.
 */
class TransferBetweenTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static Ignite server1;
    private static Ignite server2;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("between-1").withExpectedServers(2);
        CompletableFuture<Ignite> first = CompletableFuture.supplyAsync(() -> GridNodes.startServer(settings));
        server2 = GridNodes.startServer(settings.withInstanceName("between-2"));
        server1 = first.join();
        client = GridNodes.startClient(settings.withInstanceName("between-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        admin.putTenant("tb", "Transfers", "tb-key-0123456789abcdef");
        admin.putRatePlan("tb-flat", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server2.close();
        server1.close();
    }

    private static String account(String balance, String credit, String currency) {
        String id = "tb-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("tb", id, currency, "tb-flat", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, Money.parse(balance).micros(), Money.parse(credit).micros(), 0));
        return id;
    }

    private static long balance(String id) {
        return admin.account(id).orElseThrow().balanceMicros();
    }

    private static TransferResult move(String from, String to, String id, String amount) {
        return charging.transferBetween(from, to, id, Money.parse(amount).micros(), System.currentTimeMillis(), "test").join();
    }

    @Test
    void aTransferMovesTheAmountOnceAndCreatesNoMoney() {
        String wallet = account("10.00", "0", "EUR");
        String customer = account("0", "0", "EUR");
        String other = account("0", "0", "EUR");

        TransferResult paid = move(wallet, customer, "fund-1", "4.00");
        TransferResult again = move(wallet, customer, "fund-1", "4.00");
        TransferResult otherAmount = move(wallet, customer, "fund-1", "5.00");
        TransferResult otherPayee = move(wallet, other, "fund-1", "4.00");

        assertNull(paid.refusal());
        assertEquals(6_000_000, paid.payer().balanceAfterMicros());
        assertEquals(4_000_000, paid.transfer().balanceAfterMicros());
        assertTrue(again.replay());
        assertEquals(4_000_000, again.transfer().amountMicros());
        assertEquals("TRANSFER_ID_REUSED", otherAmount.refusal());
        assertEquals("TRANSFER_ID_REUSED", otherPayee.refusal());
        assertEquals(6_000_000, balance(wallet));
        assertEquals(4_000_000, balance(customer));
        assertEquals(0, balance(other));

        Transfer out = admin.transfersOf(wallet).get(0);
        Transfer in = admin.transfersOf(customer).get(0);
        assertEquals(TransferKind.TRANSFER_OUT, out.kind());
        assertEquals(-4_000_000, out.amountMicros());
        assertEquals(customer, out.counterparty());
        assertEquals(TransferKind.TRANSFER_IN, in.kind());
        assertEquals(wallet, in.counterparty());
        assertEquals(1, admin.transfersOf(customer).size());
    }

    @Test
    void thePayersBalancePlusCreditLessCallsInProgressIsTheMostItCanPay() {
        String wallet = account("1.00", "2.00", "EUR");
        String customer = account("0", "0", "EUR");

        assertEquals("INSUFFICIENT_FUNDS", move(wallet, customer, "over", "3.000001").refusal());
        assertNull(move(wallet, customer, "all-of-it", "3.00").refusal());
        assertEquals(-2_000_000, balance(wallet));
        assertEquals("INSUFFICIENT_FUNDS", move(wallet, customer, "one-more", "0.000001").refusal());

        // A call in progress holds part of what the wallet could pay.
        String busy = account("2.00", "0", "EUR");
        ChargingResult call = charging.authorise(busy, "c1", "1", "2", System.currentTimeMillis()).join();
        assertEquals(Outcome.OK, call.outcome());
        long held = admin.account(busy).orElseThrow().reservedMicros();
        assertTrue(held > 0);
        assertEquals("INSUFFICIENT_FUNDS", move(busy, customer, "busy-1", Money.ofMicros(2_000_000 - held + 1).toPlainString()).refusal());
        assertNull(move(busy, customer, "busy-2", Money.ofMicros(2_000_000 - held).toPlainString()).refusal());
        assertEquals(0, admin.account(busy).orElseThrow().availableMicros());
        assertEquals(5_000_000 - held, balance(customer));
    }

    @Test
    void refusalsChangeNothing() {
        String wallet = account("5.00", "0", "EUR");
        String dollars = account("0", "0", "USD");
        String closed = account("0", "0", "EUR");
        admin.setStatus(closed, AccountStatus.CLOSED);

        assertEquals("CURRENCY_MISMATCH", move(wallet, dollars, "r1", "1.00").refusal());
        assertEquals("ACCOUNT_CLOSED", move(wallet, closed, "r2", "1.00").refusal());
        assertEquals("ACCOUNT_UNKNOWN", move(wallet, "tb-nobody", "r3", "1.00").refusal());
        assertEquals("PAYER_UNKNOWN", move("tb-nobody", closed, "r4", "1.00").refusal());
        assertEquals("SAME_ACCOUNT", move(wallet, wallet, "r5", "1.00").refusal());
        assertEquals("INVALID_AMOUNT", move(wallet, closed, "r6", "0").refusal());
        assertEquals("INVALID_AMOUNT", move(wallet, closed, "r7", "-1.00").refusal());
        assertEquals(5_000_000, balance(wallet));
        assertEquals(0, balance(dollars));
        assertEquals(0, admin.transfersOf(wallet).size());
        // The operator's transfer kinds are the only ones a single-account transfer takes.
        assertThrows(Exception.class, () -> charging.transfer(wallet, "x", TransferKind.TRANSFER_IN, 1_000_000,
                System.currentTimeMillis(), "").join());
        assertEquals(5_000_000, balance(wallet));
    }

    @Test
    void concurrentTransfersNeverOverdrawThePayer() throws Exception {
        String wallet = account("10.00", "0", "EUR");
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            customers.add(account("1.00", "0", "EUR"));
        }
        // Customers also pay back into the wallet and to each other, so locks are taken in both orders at once.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger fromWallet = new AtomicInteger();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 25; i++) {
                    String customer = customers.get((thread + i) % customers.size());
                    if (thread % 4 == 3) {
                        String next = customers.get((thread + i + 1) % customers.size());
                        move(customer, i % 2 == 0 ? wallet : next, "back-" + thread + "-" + i, "0.10");
                    } else if (move(wallet, customer, "out-" + thread + "-" + i, "0.50").refusal() == null) {
                        fromWallet.incrementAndGet();
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();
        pool.shutdown();

        long total = balance(wallet);
        assertTrue(total >= 0, "the wallet was overdrawn: " + total);
        for (String customer : customers) {
            long own = balance(customer);
            assertTrue(own >= 0, customer + " was overdrawn: " + own);
            total += own;
        }
        assertEquals(16_000_000, total, "money was created or lost");
        assertTrue(fromWallet.get() >= 20, "the wallet paid " + fromWallet.get() + " times");
        // Every applied transfer has both halves, with opposite amounts.
        long journal = 0;
        for (String id : customers) {
            for (Transfer transfer : admin.transfersOf(id)) {
                journal += transfer.amountMicros();
            }
        }
        for (Transfer transfer : admin.transfersOf(wallet)) {
            journal += transfer.amountMicros();
        }
        assertEquals(0, journal, "the two halves of every transfer cancel out");
    }
}
