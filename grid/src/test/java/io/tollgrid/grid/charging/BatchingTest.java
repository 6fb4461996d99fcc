package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operations that travel together: one job per node, one transaction for all that can share it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BatchingTest {
    /** 0.06 per minute, 60/60: one minute costs exactly 60,000 micros. */
    private static final FlatRate PER_MINUTE_60_60 = new FlatRate(Money.parse("0.06"), Money.ZERO, 60, 60);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long T0 = System.currentTimeMillis();
    private static Ignite server;
    private static Ignite client;
    private static GridAdmin admin;
    private static ChargingCore core;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("batching-test");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("batching-test-client"));
        admin = new GridAdmin(client);
        admin.putTenant("bt", "Batching", "bt-key-0123456789abcdef");
        admin.putTenant("bt-limited", "Limited", null, 1, "bt-limited-key-0123456789");
        admin.putRatePlan("minute", PER_MINUTE_60_60);
        core = ChargingCore.on(server);
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server.close();
    }

    private static String newAccount(String tenant, String balance) {
        String id = "bt-acc-" + IDS.incrementAndGet();
        admin.createAccount(tenant, id, "EUR", "minute", Money.parse(balance), Money.ZERO);
        return id;
    }

    private static Account account(String id) {
        return admin.account(id).orElseThrow();
    }

    @Test
    void stepsOnOneAccountShareOneTransactionAndEachSeesTheOnesBeforeIt() {
        String acc = newAccount("bt", "2.00");
        long batchedBefore = StepRunner.BATCHED_STEPS.sum();

        Object[] answers = core.runBatch(List.of(
                core.authoriseStep(acc, "c1", "100", "200", Direction.OUTBOUND, null, T0),
                core.authoriseStep(acc, "c2", "100", "201", Direction.OUTBOUND, null, T0),
                core.stopStep(acc, "c1", 61, T0 + 61_000, "raw", 0, null, 0),
                core.authoriseStep(acc, "c3", "100", "202", Direction.OUTBOUND, null, T0 + 62_000)));

        // 2.00 at 0.06/min: c1 holds 33 whole minutes (1.98); c2 finds 0.02, less than a minute.
        ChargingResult c1 = (ChargingResult) answers[0];
        assertEquals(Outcome.OK, c1.outcome());
        assertEquals(1_980, c1.maxDurationSecs());
        assertEquals(DenyReason.INSUFFICIENT_CREDIT, ((ChargingResult) answers[1]).denyReason());
        // 61 s at 60/60 bills two minutes: 0.12. Then c3 finds 1.88: 31 whole minutes, 1.86.
        assertEquals(120_000, ((ChargingResult) answers[2]).costMicros());
        ChargingResult c3 = (ChargingResult) answers[3];
        assertEquals(1_860, c3.maxDurationSecs());
        assertEquals(1_880_000, account(acc).balanceMicros());
        assertEquals(1_860_000, account(acc).reservedMicros());
        assertEquals(4, StepRunner.BATCHED_STEPS.sum() - batchedBefore);
    }

    @Test
    void aStepThatFailsRollsTheSharedTransactionBackAndTheOthersRunAlone() {
        String acc = newAccount("bt", "1.00");
        String other = newAccount("bt", "1.00");
        IgniteCache<String, Account> accounts = server.cache(Caches.ACCOUNTS);
        Step<Object> broken = new Step<>(other, () -> false, 1, shared -> {
            accounts.put(other, accounts.get(other).credited(-1_000_000));
            throw new IllegalStateException("a bug in one step");
        });
        long fallbacksBefore = StepRunner.BATCH_FALLBACKS.sum();

        Object[] answers = core.runBatch(List.of(
                core.authoriseStep(acc, "c1", "100", "200", Direction.OUTBOUND, null, T0), broken));

        assertEquals(960, ((ChargingResult) answers[0]).maxDurationSecs());
        assertInstanceOf(IllegalStateException.class, answers[1]);
        assertEquals(1_000_000, account(other).balanceMicros(), "the broken step's write was rolled back");
        assertEquals(960_000, account(acc).reservedMicros(), "the good step ran once, alone");
        assertEquals(1, StepRunner.BATCH_FALLBACKS.sum() - fallbacksBefore);
    }

    @Test
    void stepsThatTakeTenantCountersRunAloneAndStillRespectTheLimit() {
        String first = newAccount("bt-limited", "1.00");
        String second = newAccount("bt-limited", "1.00");
        long batchedBefore = StepRunner.BATCHED_STEPS.sum();

        Object[] answers = core.runBatch(List.of(
                core.authoriseStep(first, "c1", "100", "200", Direction.OUTBOUND, null, T0),
                core.authoriseStep(second, "c1", "100", "200", Direction.OUTBOUND, null, T0)));

        assertEquals(Outcome.OK, ((ChargingResult) answers[0]).outcome());
        assertEquals(DenyReason.CONCURRENT_LIMIT, ((ChargingResult) answers[1]).denyReason());
        assertEquals(1, admin.tenantCallsInProgress("bt-limited"));
        assertEquals(0, StepRunner.BATCHED_STEPS.sum() - batchedBefore);
        core.stop(first, "c1", 10, T0 + 10_000, "raw");
        assertEquals(0, admin.tenantCallsInProgress("bt-limited"));
    }

    @Test
    void aStopPlannedBeforeItsSessionTookTenantCountersFallsBackToItsOwnTransaction() {
        String limited = newAccount("bt-limited", "1.00");
        String plain = newAccount("bt", "1.00");
        core.authorise(plain, "p1", "100", "200", Direction.OUTBOUND, null, T0);
        core.authorise(limited, "late", "100", "200", Direction.OUTBOUND, null, T0);
        // A stop whose plan was read while the call was still unknown: it looks free of tenant counters,
        // but the call it stops was authorised under a tenant with a call limit.
        Step<ChargingResult> planned = core.stopStep(limited, "late", 60, T0 + 60_000, "raw", 0, null, 0);
        Step<ChargingResult> stop = new Step<>(planned.accountId(), () -> false, planned.txSize(), planned.body());
        assertEquals(1, admin.tenantCallsInProgress("bt-limited"));
        long fallbacksBefore = StepRunner.BATCH_FALLBACKS.sum();

        Object[] answers = core.runBatch(List.of(stop, core.stopStep(plain, "p1", 60, T0 + 60_000, "raw", 0, null, 0)));

        assertEquals(60_000, ((ChargingResult) answers[0]).costMicros());
        assertEquals(60_000, ((ChargingResult) answers[1]).costMicros());
        assertEquals(0, admin.tenantCallsInProgress("bt-limited"), "the stop released the tenant's slot");
        assertEquals(1, StepRunner.BATCH_FALLBACKS.sum() - fallbacksBefore);
    }

    @Test
    void concurrentOperationsFromOneClientTravelInBatches() {
        ChargingClient charging = new ChargingClient(client);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            accounts.add(newAccount("bt", "1.00"));
        }
        List<CompletableFuture<ChargingResult>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(charging.authorise(accounts.get(i % 20), "burst-" + i, "100", "200", T0));
        }

        List<ChargingResult> results = calls.stream().map(CompletableFuture::join).toList();

        // Each account's first call holds its whole 0.96; its nine others find nothing left.
        assertEquals(20, results.stream().filter(r -> r.outcome() == Outcome.OK).count());
        assertEquals(180, results.stream().filter(r -> r.denyReason() == DenyReason.INSUFFICIENT_CREDIT).count());
        accounts.forEach(acc -> assertEquals(960_000, account(acc).reservedMicros()));
        ChargingClient.LaneStats stats = charging.laneStats();
        assertEquals(200, stats.operations());
        assertTrue(stats.batches() < 200, "200 operations went out in " + stats.batches() + " batches");
    }

    @Test
    void aClientOnAServerNodeRunsThatNodesBatchesThereUnderTheSameRules() {
        try (ChargingClient embedded = new ChargingClient(server)) {
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                accounts.add(newAccount("bt", "1.00"));
            }
            List<CompletableFuture<ChargingResult>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(embedded.authorise(accounts.get(i % 20), "local-" + i, "100", "200", T0));
            }

            List<ChargingResult> results = calls.stream().map(CompletableFuture::join).toList();

            assertEquals(20, results.stream().filter(r -> r.outcome() == Outcome.OK).count());
            assertEquals(180, results.stream().filter(r -> r.denyReason() == DenyReason.INSUFFICIENT_CREDIT).count());
            accounts.forEach(acc -> assertEquals(960_000, account(acc).reservedMicros()));
            ChargingResult stopped = embedded.stop(accounts.get(0), "local-0", 60, T0 + 60_000, "raw").join();
            assertEquals(60_000, stopped.costMicros());
            assertEquals(940_000, account(accounts.get(0)).balanceMicros());
            ChargingClient.LaneStats stats = embedded.laneStats();
            assertEquals(201, stats.operations());
            assertEquals(stats.batches(), stats.batchesRunLocally(), "the only server owns every account: no job left the node");
        }
        assertEquals(0, new ChargingClient(client).laneStats().batchesRunLocally(), "a client node has no local lane");
    }

    @Test
    void aLaneThatIsFullRefusesAtOnceInsteadOfQueueingWithoutBound() throws Exception {
        String acc = newAccount("bt", "100.00");
        try (ChargingClient embedded = new ChargingClient(server)) {
            List<CompletableFuture<ChargingResult>> queued = new ArrayList<>();
            CompletableFuture<ChargingResult> refused;
            // Hold the account's lock, so the lane's batches in flight wait and everything after them queues.
            try (org.apache.ignite.transactions.Transaction tx = server.transactions().txStart(
                    org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC,
                    org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ)) {
                server.cache(Caches.ACCOUNTS).get(acc);
                for (int i = 0; i < OwnerLanes.MAX_BATCHES_IN_FLIGHT + OwnerLanes.MAX_WAITING; i++) {
                    queued.add(embedded.authorise(acc, "queued-" + i, "100", "200", T0));
                }
                refused = embedded.authorise(acc, "one-too-many", "100", "200", T0);
                assertTrue(refused.isCompletedExceptionally(), "refused at once, without waiting on the lock");
                tx.rollback();
            }
            java.util.concurrent.ExecutionException error = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, refused::get);
            assertInstanceOf(ChargingClient.Overloaded.class, error.getCause());
            // Once the lock is gone the queue drains: every queued call gets its own answer, and the account's
            // reservation is exactly what the allowed ones were granted.
            List<ChargingResult> answers = queued.stream().map(CompletableFuture::join).toList();
            long allowed = answers.stream().filter(r -> r.outcome() == Outcome.OK).count();
            assertTrue(allowed >= 1, "the first call is allowed");
            assertEquals(queued.size() - allowed, answers.stream().filter(r -> r.outcome() == Outcome.DENIED).count());
            assertEquals(answers.stream().filter(r -> r.outcome() == Outcome.OK).mapToLong(ChargingResult::reservedMicros).sum(),
                    account(acc).reservedMicros());
        }
    }
}
