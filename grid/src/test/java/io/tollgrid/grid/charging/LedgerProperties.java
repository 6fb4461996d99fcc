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
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.rateplan.DeckUpload;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.grid.rateplan.TestDecks;
import io.tollgrid.grid.routing.CarrierRoutes;
import io.tollgrid.grid.routing.RoutePlanScope;
import io.tollgrid.grid.routing.RoutingTable;
import io.tollgrid.rating.routing.Carrier;
import io.tollgrid.rating.routing.CarrierLimits;
import io.tollgrid.rating.routing.CarrierStatus;
import io.tollgrid.rating.routing.RouteEntry;
import io.tollgrid.rating.routing.RoutePlan;
import io.tollgrid.rating.routing.SipGateway;
import io.tollgrid.rating.routing.Strategy;
import io.tollgrid.rating.routing.Transport;
import net.jqwik.api.Example;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        // Least-cost routing: the accounts of route-sell pay 0.10/min for the UK; carriers buy at 0.02 (cheap),
        // 0.05 (dear) and 0.20 (loss, never offered: a negative margin). All 60/60.
        admin.putRatePlan("route-sell", new FlatRate(Money.parse("9"), Money.ZERO, 60, 60));
        RateDecks decks = new RateDecks(client);
        DeckUpload upload = decks.upload(TestDecks.with(
                "route-sell,,UTC,6,START,UP,CALL,14400\nbuy-cheap,,UTC,6,START,UP,CALL,14400\n"
                        + "buy-dear,,UTC,6,START,UP,CALL,14400\nbuy-loss,,UTC,6,START,UP,CALL,14400\n",
                uk("route-sell", "0.10") + uk("buy-cheap", "0.02") + uk("buy-dear", "0.05") + uk("buy-loss", "0.20")),
                System.currentTimeMillis());
        assertEquals(2, decks.awaitCompiled(upload.version(), java.time.Duration.ofSeconds(30)).size());
        routes = new CarrierRoutes(client);
    }

    private static CarrierRoutes routes;

    private static String uk(String plan, String perMinute) {
        return plan + ",44,UK,UK,*,false,MINUTE," + perMinute + ",0,60,60,0,0,2020-01-01T00:00:00Z,,0\n";
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

    /**
     * Carriers with concurrent-call limits, many threads, a few accounts of one tenant routed least-cost over a
     * cheap carrier (limit 1-3), a dear one (limit 0-3, 0 = none) and one that would lose money. Whatever the
     * interleaving, with starts and stops naming carriers (a start naming a later route than the first moves the
     * call's slot to it), repeated stops and repeated authorises: each carrier's counter equals the calls in progress
     * holding its slot and exceeds its limit only by calls moved to it; a call is denied NO_ROUTE only when both
     * carriers have limits; each stop's buy cost is its carrier's price for its duration; once every call has
     * stopped the counters are back to 0.
     */
    @Property(tries = 6)
    void carrierCountersEqualTheCallsHoldingTheirSlots(
            @ForAll @IntRange(min = 2, max = 8) int threads,
            @ForAll @IntRange(min = 5, max = 20) int callsPerThread,
            @ForAll @IntRange(min = 1, max = 3) int cheapLimit,
            @ForAll @IntRange(min = 0, max = 3) int dearLimit,
            @ForAll long seed) throws Exception {
        int run = RUNS.incrementAndGet();
        String tenant = "lcr" + run;
        String cheap = "r" + run + "-cheap";
        String dear = "r" + run + "-dear";
        String loss = "r" + run + "-loss";
        admin.putTenant(tenant, "LCR " + run, "lcr-key-" + run + "-0123456789");
        routes.putCarrier(carrier(cheap, "buy-cheap", cheapLimit));
        routes.putCarrier(carrier(dear, "buy-dear", dearLimit));
        routes.putCarrier(carrier(loss, "buy-loss", 0));
        routes.putPlan(leastCost(tenant, cheap, dear, loss), new RoutePlanScope(tenant, null));
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accounts.add(routedAccount(tenant, tenant + "-acc" + i));
        }
        awaitRouted(tenant, accounts.get(0), cheap, dear, loss);

        java.util.Map<String, String> movedTo = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed + t);
            int thread = t;
            workers.add(CompletableFuture.runAsync(() -> {
                for (int c = 0; c < callsPerThread; c++) {
                    String account = accounts.get(random.nextInt(accounts.size()));
                    String callId = "t" + thread + "c" + c;
                    ChargingResult authorised = charging.authorise(account, callId, "1", "442071234567",
                            System.currentTimeMillis()).join();
                    if (authorised.outcome() != Outcome.OK) {
                        assertEquals(DenyReason.NO_ROUTE, authorised.denyReason(), callId);
                        assertTrue(dearLimit > 0, "with an unlimited carrier there is always a route");
                        continue;
                    }
                    OfferedRoutes offered = authorised.routes();
                    assertNotNull(offered, "a routed account's authorise answers routes");
                    assertTrue(offered.size() >= 1 && offered.size() <= 2, "cheap and/or dear, never loss");
                    for (int r = 0; r < offered.size(); r++) {
                        assertTrue(!offered.carrierId(r).equals(loss), "the loss-making carrier is never offered");
                        assertEquals(authorised.maxDurationSecs(), offered.maxDurationSecs(r));
                    }
                    String connected = offered.carrierId(random.nextInt(offered.size()));
                    if (random.nextBoolean()) {
                        // The switch's start names the route that answered: a later one than the first moves the slot.
                        ChargingResult answered = charging.answer(account, callId, System.currentTimeMillis(), connected)
                                .join();
                        assertEquals(Outcome.OK, answered.outcome(), callId);
                        if (!connected.equals(offered.carrierId(0))) {
                            movedTo.put(account + "/" + callId, connected);
                        }
                    }
                    int action = random.nextInt(5);
                    if (action == 0) {
                        continue; // left in progress
                    }
                    if (action == 1) {
                        ChargingResult again = charging.authorise(account, callId, "1", "442071234567",
                                System.currentTimeMillis()).join();
                        assertTrue(again.replay(), "a repeated authorise is a replay and takes no second slot");
                    }
                    long duration = random.nextInt(200);
                    ChargingResult stopped = charging.stop(account, callId, duration, System.currentTimeMillis(), "", 0,
                            connected).join();
                    assertEquals(connected, stopped.carrierId());
                    if (action == 2) {
                        ChargingResult replay = charging.stop(account, callId, duration + 5, System.currentTimeMillis(),
                                "", 0, connected.equals(cheap) ? dear : cheap).join();
                        assertTrue(replay.replay());
                        assertEquals(connected, replay.carrierId(), "a repeated stop keeps the first stop's carrier");
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();

        java.util.Map<String, Integer> holding = new java.util.HashMap<>();
        List<Session> open = new ArrayList<>();
        for (String id : accounts) {
            for (Cache.Entry<SessionKey, Session> entry : client.<SessionKey, Session>cache(Caches.SESSIONS)
                    .query(new ScanQuery<SessionKey, Session>((key, value) -> key.accountId().equals(id)))) {
                Session session = entry.getValue();
                if (session.inProgress()) {
                    assertNotNull(session.carrierSlot(), "a routed call in progress holds a carrier slot");
                    String moved = movedTo.get(session.accountId() + "/" + session.callId());
                    if (moved != null) {
                        assertEquals(moved, session.carrierSlot(), "the start moved the slot to the route that answered");
                    }
                    holding.merge(session.carrierSlot(), 1, Integer::sum);
                    open.add(session);
                } else if (session.state() == SessionState.STOPPED) {
                    long rate = session.carrierId().equals(cheap) ? 20_000 : 50_000;
                    assertEquals((session.durationSecs() + 59) / 60 * rate, session.buyCostMicros(),
                            "buy cost of " + session.callId() + " by " + session.carrierId());
                }
            }
        }
        org.apache.ignite.IgniteCache<String, Integer> counters = client.cache(Caches.CARRIER_CALLS);
        for (String carrierId : List.of(cheap, dear, loss)) {
            int counted = counters.get(carrierId) == null ? 0 : counters.get(carrierId);
            assertEquals(holding.getOrDefault(carrierId, 0), counted, "counter of " + carrierId);
        }
        // Moves go from the first route offered to a later one: never into cheap, which is first whenever offered.
        long movedIntoDear = open.stream().filter(session -> dear.equals(movedTo.get(session.accountId() + "/"
                + session.callId()))).count();
        assertTrue(holding.getOrDefault(cheap, 0) <= cheapLimit, "cheap within its limit");
        assertTrue(dearLimit == 0 || holding.getOrDefault(dear, 0) <= dearLimit + movedIntoDear,
                "dear within its limit, but for calls a failover moved to it");

        for (Session session : open) {
            charging.stop(session.accountId(), session.callId(), 0, System.currentTimeMillis(), "", 0, null).join();
        }
        for (String carrierId : List.of(cheap, dear, loss)) {
            Integer counted = counters.get(carrierId);
            assertEquals(0, counted == null ? 0 : counted, "every slot given back, " + carrierId);
        }
    }

    @Example
    void theRouteListComesOnlyForAccountsUnderAPlanAndNeverFromAnotherTenants() throws Exception {
        int run = RUNS.incrementAndGet();
        String tenant = "lcr" + run;
        String cheap = "r" + run + "-cheap";
        String dear = "r" + run + "-dear";
        admin.putTenant(tenant, "LCR " + run, "lcr-key-" + run + "-0123456789");
        routes.putCarrier(carrier(cheap, "buy-cheap", 5));
        routes.putCarrier(carrier(dear, "buy-dear", 0));
        routes.putCarrier(carrier("r" + run + "-loss", "buy-loss", 0));
        routes.putPlan(leastCost(tenant, dear, cheap, "r" + run + "-loss"), new RoutePlanScope(tenant, null));
        String routed = routedAccount(tenant, tenant + "-a");
        String stranger = routedAccount("t1", tenant + "-stranger");
        awaitRouted(tenant, routed, cheap, dear);

        ChargingResult mine = charging.authorise(routed, "x1", "1", "442071234567", System.currentTimeMillis()).join();
        ChargingResult theirs = charging.authorise(stranger, "x1", "1", "442071234567", System.currentTimeMillis()).join();

        assertEquals(Outcome.OK, mine.outcome());
        OfferedRoutes offered = mine.routes();
        assertEquals("plan-" + tenant, offered.planId());
        assertEquals(List.of(cheap, dear), List.of(offered.carrierId(0), offered.carrierId(1)), "cheapest first");
        assertEquals("sip:442071234567@10.9.0.1;transport=udp", offered.uri(0));
        assertEquals(mine.maxDurationSecs(), offered.maxDurationSecs(0));
        assertEquals(1, offered.skippedCount());
        assertEquals("NEGATIVE_MARGIN", offered.skippedReason(0));
        assertEquals(Outcome.OK, theirs.outcome());
        assertNull(theirs.routes(), "tenant t1 has no plan: another tenant's plan never applies to it");
        assertEquals(1, (int) client.<String, Integer>cache(Caches.CARRIER_CALLS).get(cheap));
    }

    /** A tenant of its own routed least-cost over a cheap and a dear carrier, and one account of it, routed. */
    private record TwoCarriers(String cheap, String dear, String account) {
    }

    private TwoCarriers twoCarriers(int cheapLimit, int dearLimit) throws Exception {
        int run = RUNS.incrementAndGet();
        String tenant = "lcr" + run;
        String cheap = "r" + run + "-cheap";
        String dear = "r" + run + "-dear";
        admin.putTenant(tenant, "LCR " + run, "lcr-key-" + run + "-0123456789");
        routes.putCarrier(carrier(cheap, "buy-cheap", cheapLimit));
        routes.putCarrier(carrier(dear, "buy-dear", dearLimit));
        routes.putPlan(leastCost(tenant, cheap, dear), new RoutePlanScope(tenant, null));
        String account = routedAccount(tenant, tenant + "-a");
        awaitRouted(tenant, account, cheap, dear);
        return new TwoCarriers(cheap, dear, account);
    }

    /**
     * A carrier's calls-per-second limit under concurrency: of calls authorised at once in one second, exactly the
     * limit start on the cheap carrier and the rest on the next, with the cheap one skipped as CARRIER_AT_CPS_LIMIT;
     * a repeated authorise counts nothing, and the next second counts afresh.
     */
    @Property(tries = 5)
    void aCarrierIsOfferedFirstNoMoreCallsInASecondThanItsCallsPerSecondLimit(
            @ForAll @IntRange(min = 1, max = 4) int perSecond, @ForAll @IntRange(min = 0, max = 6) int beyond)
            throws Exception {
        int run = RUNS.incrementAndGet();
        String tenant = "cps" + run;
        String cheap = "c" + run + "-cheap";
        String dear = "c" + run + "-dear";
        admin.putTenant(tenant, "CPS " + run, "cps-key-" + run + "-0123456789");
        routes.putCarrier(carrier(cheap, "buy-cheap", 0, perSecond));
        routes.putCarrier(carrier(dear, "buy-dear", 0, 0));
        routes.putPlan(leastCost(tenant, cheap, dear), new RoutePlanScope(tenant, null));
        String account = routedAccount(tenant, tenant + "-a");
        awaitRouted(tenant, account, cheap, dear);
        long second = (System.currentTimeMillis() / 1000 + 10) * 1000; // one second for every call, whatever the clock does
        int calls = perSecond + beyond;

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<ChargingResult>> answers = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            String callId = "s" + c;
            answers.add(CompletableFuture.supplyAsync(() -> charging.authorise(account, callId, "1", "442071234567",
                    second + 7).join(), pool));
        }
        int onCheap = 0;
        for (CompletableFuture<ChargingResult> answer : answers) {
            OfferedRoutes offered = answer.join().routes();
            if (offered.carrierId(0).equals(cheap)) {
                onCheap++;
                assertEquals(List.of(cheap, dear), List.of(offered.carrierId(0), offered.carrierId(1)));
            } else {
                assertEquals(1, offered.size(), "only dear is left");
                assertEquals(dear, offered.carrierId(0));
                assertEquals(cheap, offered.skippedCarrier(0));
                assertEquals("CARRIER_AT_CPS_LIMIT", offered.skippedReason(0));
            }
        }
        pool.shutdown();
        assertEquals(perSecond, onCheap, "cheap takes exactly its calls per second");
        assertTrue(charging.authorise(account, "s0", "1", "442071234567", second + 900).join().replay());
        assertEquals(perSecond, client.<String, CarrierSecond>cache(Caches.CARRIER_SECONDS).get(cheap).calls(),
                "a repeated authorise counts nothing");
        assertNull(client.<String, CarrierSecond>cache(Caches.CARRIER_SECONDS).get(dear), "an unlimited carrier has no count");

        ChargingResult next = charging.authorise(account, "later", "1", "442071234567", second + 1_000).join();
        assertEquals(cheap, next.routes().carrierId(0), "the next second counts afresh");
        assertEquals(1, client.<String, CarrierSecond>cache(Caches.CARRIER_SECONDS).get(cheap).calls());
    }

        @Example
    void aStopNamingAnUnknownCarrierIsRefusedAndChangesNothingAndAKnownOneIsRecordedWithItsBuyCost() throws Exception {
        TwoCarriers lcr = twoCarriers(1, 0);
        String cheap = lcr.cheap();
        String dear = lcr.dear();
        String account = lcr.account();
        long now = System.currentTimeMillis();
        assertEquals(cheap, charging.authorise(account, "u1", "1", "442071234567", now).join().routes().carrierId(0));
        ChargingResult second = charging.authorise(account, "u2", "1", "442071234567", now).join();
        assertEquals(List.of(dear), List.of(second.routes().carrierId(0)), "cheap is at its limit of 1");
        assertEquals(cheap, second.routes().skippedCarrier(0));
        assertEquals("CARRIER_AT_LIMIT", second.routes().skippedReason(0));
        Account before = admin.account(account).orElseThrow();

        ChargingResult refused = charging.stop(account, "u1", 61, now + 61_000, "", 0, "ghost").join();
        ChargingResult refusedStart = charging.answer(account, "u1", now + 1_000, "ghost").join();

        assertEquals(Outcome.UNKNOWN_CARRIER, refused.outcome());
        assertEquals(Outcome.UNKNOWN_CARRIER, refusedStart.outcome(), "a start naming no known carrier changes nothing");
        Account after = admin.account(account).orElseThrow();
        assertEquals(before.balanceMicros(), after.balanceMicros());
        assertEquals(before.reservedMicros(), after.reservedMicros());
        assertEquals(SessionState.AUTHORISED, client.<SessionKey, Session>cache(Caches.SESSIONS)
                .get(new SessionKey(account, "u1")).state());
        assertEquals(1, (int) client.<String, Integer>cache(Caches.CARRIER_CALLS).get(cheap));

        ChargingResult stopped = charging.stop(account, "u1", 61, now + 61_000, "", 0, dear).join();

        assertEquals(Outcome.OK, stopped.outcome());
        assertEquals(200_000, stopped.costMicros(), "2 minutes at 0.10");
        assertEquals(100_000, stopped.buyCostMicros(), "2 minutes at dear's 0.05");
        StopEvent event = client.<SessionKey, StopEvent>cache(Caches.CDR_OUTBOX).get(new SessionKey(account, "u1"));
        assertEquals(dear, event.carrierId());
        assertEquals(100_000, event.buyCostMicros());
        assertEquals(200_000, event.costMicros());
        assertEquals(0, (int) client.<String, Integer>cache(Caches.CARRIER_CALLS).get(cheap),
                "the slot taken at authorise (cheap) is given back, whichever carrier connected");
        assertEquals(1, (int) client.<String, Integer>cache(Caches.CARRIER_CALLS).get(dear));
    }

    /**
     * A failover: the first route (cheap) failed and the second (dear) answered. The start naming dear moves the slot
     * from cheap to dear, so the next authorise finds cheap free and dear at its limit; a repeated start moves nothing,
     * and the stop gives dear's slot back.
     */
    @Example
    void aStartNamingTheRouteThatAnsweredAfterAFailoverMovesTheCallsSlotToIt() throws Exception {
        TwoCarriers lcr = twoCarriers(1, 1);
        String cheap = lcr.cheap();
        String dear = lcr.dear();
        String account = lcr.account();
        org.apache.ignite.IgniteCache<String, Integer> counters = client.cache(Caches.CARRIER_CALLS);
        long now = System.currentTimeMillis();
        ChargingResult first = charging.authorise(account, "f1", "1", "442071234567", now).join();
        assertEquals(List.of(cheap, dear), List.of(first.routes().carrierId(0), first.routes().carrierId(1)));
        assertEquals(1, (int) counters.get(cheap));

        assertEquals(Outcome.OK, charging.answer(account, "f1", now + 3_000, dear).join().outcome());

        assertEquals(0, (int) counters.get(cheap), "the first route's slot is given back");
        assertEquals(1, (int) counters.get(dear), "the answering route's slot is taken");
        assertEquals(dear, client.<SessionKey, Session>cache(Caches.SESSIONS).get(new SessionKey(account, "f1"))
                .carrierSlot());
        assertTrue(charging.answer(account, "f1", now + 4_000, cheap).join().replay(), "a repeated start");
        assertEquals(0, (int) counters.get(cheap), "a repeated start moves nothing");
        ChargingResult second = charging.authorise(account, "f2", "1", "442071234567", now).join();
        assertEquals(List.of(cheap), List.of(second.routes().carrierId(0)), "cheap is free again");
        assertEquals(dear, second.routes().skippedCarrier(0), "dear carries f1 at its limit of 1");
        assertEquals(DenyReason.NO_ROUTE, charging.authorise(account, "f3", "1", "442071234567", now).join().denyReason());

        charging.stop(account, "f1", 60, now + 63_000, "", 0, dear).join();
        assertEquals(0, (int) counters.get(dear), "the stop gives back the slot the call holds");
        assertEquals(1, (int) counters.get(cheap), "f2's");
    }

    /**
     * Stops that name a carrier feed its quality window for the buy prefix (after they commit); a QUALITY plan then
     * skips a carrier whose window has enough calls and too low an ASR, and offers it again to nobody else's harm.
     */
    @Example
    void stopsNamingACarrierFeedItsQualityWindowAndAQualityPlanSkipsItBelowItsThreshold() throws Exception {
        int run = RUNS.incrementAndGet();
        String tenant = "lcr" + run;
        String flaky = "r" + run + "-flaky";
        String steady = "r" + run + "-steady";
        admin.putTenant(tenant, "LCR " + run, "lcr-key-" + run + "-0123456789");
        routes.putCarrier(carrier(flaky, "buy-cheap", 0));
        routes.putCarrier(carrier(steady, "buy-dear", 0));
        routes.putPlan(new RoutePlan("plan-" + tenant, Strategy.QUALITY, List.of(new RouteEntry(flaky, 0, 1),
                new RouteEntry(steady, 0, 1)), List.of(), java.util.Set.of(), false, 60,
                new io.tollgrid.rating.routing.QualityThreshold(io.tollgrid.rating.routing.Fraction.parse("0.5"),
                        io.tollgrid.rating.routing.Fraction.parse("0"), 2)), new RoutePlanScope(tenant, null));
        String account = routedAccount(tenant, tenant + "-a");
        awaitRouted(tenant, account, flaky, steady);
        long now = System.currentTimeMillis();
        for (String callId : List.of("q1", "q2")) {
            ChargingResult authorised = charging.authorise(account, callId, "1", "442071234567", now).join();
            assertEquals(flaky, authorised.routes().carrierId(0), "cheapest first while flaky is not yet judged");
            charging.stop(account, callId, 0, now + 30_000, "", 0, flaky).join(); // failed on flaky: not answered
            charging.stop(account, callId, 0, now + 31_000, "", 0, flaky).join(); // a replay feeds nothing
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (Ignite server : List.of(server1, server2)) {
            while (RoutingTable.on(server).quality().window(flaky, "44") == null
                    || RoutingTable.on(server).quality().window(flaky, "44").calls() < 2) {
                assertTrue(System.nanoTime() < deadline, "the window never reached " + server.name());
                Thread.sleep(20);
            }
        }

        ChargingResult third = charging.authorise(account, "q3", "1", "442071234567", now).join();

        io.tollgrid.rating.routing.QualityWindow window = new io.tollgrid.grid.routing.CarrierQuality(client)
                .window(flaky, "44").orElseThrow();
        assertEquals(2, window.calls(), "two first stops, the replays not counted");
        assertEquals(0, window.answered());
        assertEquals(1, third.routes().size());
        assertEquals(steady, third.routes().carrierId(0));
        assertEquals(flaky, third.routes().skippedCarrier(0));
        assertEquals("QUALITY_BELOW_THRESHOLD", third.routes().skippedReason(0));
    }

    private static Carrier carrier(String id, String buyPlan, int maxCalls) {
        return carrier(id, buyPlan, maxCalls, 0);
    }

    private static Carrier carrier(String id, String buyPlan, int maxCalls, int maxCallsPerSecond) {
        return new Carrier(id, "Carrier " + id, CarrierStatus.ACTIVE, buyPlan,
                List.of(new SipGateway("10.9.0.1", Transport.UDP, "", "")), new CarrierLimits(maxCalls, maxCallsPerSecond));
    }

    private static RoutePlan leastCost(String tenant, String... carrierIds) {
        return new RoutePlan("plan-" + tenant, Strategy.LEAST_COST,
                java.util.Arrays.stream(carrierIds).map(id -> new RouteEntry(id, 0, 1)).toList(), List.of(),
                java.util.Set.of(), false, 60, null);
    }

    private static String routedAccount(String tenant, String id) {
        admin.openAccount(Account.open(tenant, id, "EUR", "route-sell", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, 10_000_000_000L, 0, 0)); // 10,000: a call reserves up to 4 h at 0.10/min
        return id;
    }

    /** A plan reaches each node's routing table shortly after it is stored (a continuous query): wait for both. */
    private static void awaitRouted(String tenant, String account, String... carrierIds) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (Ignite server : List.of(server1, server2)) {
            RoutingTable table = RoutingTable.on(server);
            while (table.planFor(tenant, account) == null
                    || java.util.Arrays.stream(carrierIds).anyMatch(id -> table.carrier(id) == null)) {
                assertTrue(System.nanoTime() < deadline, "the plan never reached " + server.name());
                Thread.sleep(20);
            }
        }
    }

    private static String open(String tenant, String id, int cents, int creditCents) {
        admin.openAccount(Account.open(tenant, id, "EUR", "fine", creditCents > 0 ? PayType.POSTPAID : PayType.PREPAID,
                ReservationStrategy.INCREMENTAL, AccountLimits.NONE, cents * 10_000L, creditCents * 10_000L, 0));
        return id;
    }
}
