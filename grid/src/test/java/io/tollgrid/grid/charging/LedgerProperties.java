package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.session.SessionState;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.ScanQuery;

import javax.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads, many calls, few hot accounts: whatever the interleaving, money is conserved, no balance
 * goes below minus its credit limit, and calls in progress never exceed the account's limit. With a reseller
 * tree whose wallets fund their customers, the sum of all balances changes only by the operator's payments and
 * by charges: transfers between accounts create nothing, and no wallet pays more than it holds.
 */
class LedgerProperties {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static Ignite server1;
    private static Ignite server2;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;

    @BeforeContainer
    static void startGrid() {
        GridSettings settings = TestGrids.settings("ledger-1").withExpectedServers(2);
        CompletableFuture<Ignite> first = CompletableFuture.supplyAsync(() -> GridNodes.startServer(settings));
        server2 = GridNodes.startServer(settings.withInstanceName("ledger-2"));
        server1 = first.join();
        client = GridNodes.startClient(settings.withInstanceName("ledger-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        admin.putTenant("t1", "T1", "t1-key-0123456789abcdef");
        admin.putRatePlan("fine", new FlatRate(Money.parse("0.045"), Money.parse("0.002"), 1, 1));
        admin.putRatePlan("coarse", new FlatRate(Money.parse("0.10"), Money.ZERO, 60, 60));
    }

    @AfterContainer
    static void stopGrid() {
        client.close();
        server2.close();
        server1.close();
    }

    @Property(tries = 12)
    void moneyIsConservedAndNoBalanceGoesBelowItsCreditLimit(
            @ForAll @IntRange(min = 1, max = 3) int hotAccounts,
            @ForAll @IntRange(min = 2, max = 8) int threads,
            @ForAll @IntRange(min = 5, max = 40) int callsPerThread,
            @ForAll @IntRange(min = 0, max = 300) int openingCents,
            @ForAll @IntRange(min = 0, max = 200) int creditCents,
            @ForAll boolean coarsePlan,
            @ForAll @IntRange(min = 0, max = 4) int maxCalls,
            @ForAll boolean incremental,
            @ForAll long seed) throws Exception {
        int run = RUNS.incrementAndGet();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < hotAccounts; i++) {
            String id = "run" + run + "-acc" + i;
            admin.openAccount(Account.open("t1", id, "EUR", coarsePlan ? "coarse" : "fine", PayType.POSTPAID,
                    incremental ? ReservationStrategy.INCREMENTAL : ReservationStrategy.FULL,
                    new AccountLimits(maxCalls, 0, 0, 0, 0, 60), openingCents * 10_000L, creditCents * 10_000L, 0));
            accounts.add(id);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed + t);
            int thread = t;
            workers.add(CompletableFuture.runAsync(() -> {
                for (int c = 0; c < callsPerThread; c++) {
                    String account = accounts.get(random.nextInt(accounts.size()));
                    String callId = "t" + thread + "c" + c;
                    ChargingResult authorised = charging.authorise(account, callId, "1", "2", System.currentTimeMillis()).join();
                    boolean leaveOpen = random.nextInt(5) == 0;
                    if (authorised.outcome() == Outcome.OK && !leaveOpen) {
                        long duration = random.nextInt(Math.toIntExact(authorised.maxDurationSecs() + 30));
                        charging.stop(account, callId, duration, System.currentTimeMillis(), "").join();
                        if (random.nextBoolean()) {
                            charging.stop(account, callId, duration + 7, System.currentTimeMillis(), "").join(); // duplicate stop
                        }
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();

        for (String id : accounts) {
            Account account = admin.account(id).orElseThrow();
            long posted = 0;
            long pending = 0;
            int inProgress = 0;
            for (Cache.Entry<SessionKey, Session> entry : client.<SessionKey, Session>cache(Caches.SESSIONS)
                    .query(new ScanQuery<SessionKey, Session>((key, value) -> key.accountId().equals(id)))) {
                Session session = entry.getValue();
                if (session.state() == SessionState.STOPPED) {
                    posted += session.costMicros();
                } else {
                    pending += session.reservedMicros();
                }
                inProgress += session.inProgress() ? 1 : 0;
            }
            assertEquals(openingCents * 10_000L, account.balanceMicros() + posted, "balance + posted = opening, " + id);
            assertEquals(pending, account.reservedMicros(), "reserved = sum of pending reservations, " + id);
            assertTrue(account.availableMicros() >= 0, "reservations never exceed balance + credit, " + id);
            assertEquals(inProgress, account.activeCalls(), "the slot count matches the calls in progress, " + id);
            int live = 0;
            for (Cache.Entry<SessionKey, Boolean> marker : client.<SessionKey, Boolean>cache(Caches.LIVE_SESSIONS)
                    .query(new ScanQuery<SessionKey, Boolean>((key, value) -> key.accountId().equals(id)))) {
                live++;
            }
            assertEquals(inProgress, live, "the reaper's live index holds exactly the calls in progress, " + id);
            assertTrue(maxCalls == 0 || account.activeCalls() <= maxCalls, "concurrent calls within the limit, " + id);
        }
    }

    /**
     * A reseller (wallet R) above a sub-reseller (wallet S) and customers of each. At once: the operator records
     * payments into R, R funds S and its own customers, S funds its customers, some transfer ids are sent twice,
     * and every account makes calls.
     */
    @Property(tries = 8)
    void theSumOfBalancesChangesOnlyByOperatorPaymentsAndCharges(
            @ForAll @IntRange(min = 2, max = 8) int threads,
            @ForAll @IntRange(min = 5, max = 30) int stepsPerThread,
            @ForAll @IntRange(min = 0, max = 500) int walletCents,
            @ForAll @IntRange(min = 0, max = 300) int walletCreditCents,
            @ForAll @IntRange(min = 0, max = 100) int customerCents,
            @ForAll long seed) throws Exception {
        int run = RUNS.incrementAndGet();
        String reseller = "r" + run;
        String sub = "s" + run;
        admin.putTenant(reseller, "Reseller", null, 0, "reseller-key-" + run + "-0123456789");
        admin.putTenant(sub, "Sub-reseller", reseller, 0, "sub-key-" + run + "-0123456789");
        admin.putTenant(reseller + "-c", "R's customer", reseller, 0, "rc-key-" + run + "-0123456789");
        admin.putTenant(sub + "-c", "S's customer", sub, 0, "sc-key-" + run + "-0123456789");
        String walletR = open(reseller, reseller + "-wallet", walletCents, walletCreditCents);
        String walletS = open(sub, sub + "-wallet", 0, 0);
        List<String> customersOfR = List.of(open(reseller + "-c", reseller + "-c1", customerCents, 0),
                open(reseller + "-c", reseller + "-c2", 0, 0));
        List<String> customersOfS = List.of(open(sub + "-c", sub + "-c1", customerCents, 0),
                open(sub + "-c", sub + "-c2", 0, 0));
        List<String> all = new ArrayList<>(List.of(walletR, walletS));
        all.addAll(customersOfR);
        all.addAll(customersOfS);
        java.util.Map<String, Long> openings = new java.util.HashMap<>();
        long opening = 0;
        for (String id : all) {
            openings.put(id, admin.account(id).orElseThrow().balanceMicros());
            opening += openings.get(id);
        }

        java.util.concurrent.atomic.AtomicLong payments = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed + t);
            int thread = t;
            workers.add(CompletableFuture.runAsync(() -> {
                for (int step = 0; step < stepsPerThread; step++) {
                    long amount = (1 + random.nextInt(150)) * 10_000L;
                    long now = System.currentTimeMillis();
                    // A repeated id (one in four) must move nothing the second time.
                    String id = "x" + thread + "-" + (random.nextInt(4) == 0 ? Math.max(0, step - 1) : step);
                    switch (random.nextInt(5)) {
                        case 0 -> {
                            var paid = charging.transfer(walletR, "pay-" + id, io.tollgrid.grid.ledger.TransferKind.TOPUP,
                                    amount, now, "payment").join();
                            if (paid.refusal() == null && !paid.replay()) {
                                payments.addAndGet(amount);
                            }
                        }
                        case 1 -> charging.transferBetween(walletR, random.nextBoolean() ? walletS
                                : customersOfR.get(random.nextInt(2)), "r-" + id, amount, now, "").join();
                        case 2 -> charging.transferBetween(walletS, customersOfS.get(random.nextInt(2)), "s-" + id,
                                amount, now, "").join();
                        default -> {
                            String account = all.get(random.nextInt(all.size()));
                            String callId = "call-" + thread + "-" + step;
                            ChargingResult authorised = charging.authorise(account, callId, "1", "2", now).join();
                            if (authorised.outcome() == Outcome.OK && random.nextInt(4) != 0) {
                                charging.stop(account, callId, random.nextInt(Math.toIntExact(authorised.maxDurationSecs() + 1)),
                                        System.currentTimeMillis(), "").join();
                            }
                        }
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();

        long balances = 0;
        long charged = 0;
        for (String id : all) {
            Account account = admin.account(id).orElseThrow();
            assertTrue(account.availableMicros() >= 0, "never below what the credit limit covers, " + id);
            balances += account.balanceMicros();
            long posted = 0;
            for (Cache.Entry<SessionKey, Session> entry : client.<SessionKey, Session>cache(Caches.SESSIONS)
                    .query(new ScanQuery<SessionKey, Session>((key, value) -> key.accountId().equals(id)))) {
                posted += entry.getValue().state() == SessionState.STOPPED ? entry.getValue().costMicros() : 0;
            }
            charged += posted;
            long journal = 0;
            for (io.tollgrid.grid.ledger.Transfer transfer : admin.transfersOf(id)) {
                journal += transfer.amountMicros();
                if (!transfer.kind().isOperators()) {
                    var other = admin.transfersOf(transfer.counterparty()).stream()
                            .filter(half -> half.transferId().equals(transfer.transferId())).toList();
                    assertEquals(1, other.size(), "the other half of " + transfer.transferId());
                    assertEquals(-transfer.amountMicros(), other.get(0).amountMicros(), "halves cancel, " + transfer.transferId());
                }
            }
            assertEquals(openings.get(id) + journal - posted, account.balanceMicros(), "balance is the sum of its journal, " + id);
        }
        assertEquals(opening + payments.get() - charged, balances,
                "the sum of all balances moved only by operator payments and charges");
    }

    private static String open(String tenant, String id, int cents, int creditCents) {
        admin.openAccount(Account.open(tenant, id, "EUR", "fine", creditCents > 0 ? PayType.POSTPAID : PayType.PREPAID,
                ReservationStrategy.INCREMENTAL, AccountLimits.NONE, cents * 10_000L, creditCents * 10_000L, 0));
        return id;
    }
}
