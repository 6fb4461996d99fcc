package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountEvent;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.account.LostStopPolicy;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.session.SessionState;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits, statuses, the daily cap, reservation strategies, transfers, low-balance events and the reaper. */
class ChargingFeaturesTest {
    /** 0.06 per minute on 1/1 increments: exactly 1,000 micros a second. */
    private static final FlatRate PER_SECOND = new FlatRate(Money.parse("0.06"), Money.ZERO, 1, 1);
    /** Sessions silent for 1 s past their grant are reaped; each node sweeps every 200 ms. */
    private static final ChargingPolicy FAST_REAPER = new ChargingPolicy(Set.of("112"), 1_000, 200,
            ChargingPolicy.DEFAULT_FINISHED_RETENTION_MILLIS);
    private static final AtomicInteger IDS = new AtomicInteger();

    private static Ignite server;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("features-server");
        server = GridNodes.startServer(settings, FAST_REAPER);
        client = GridNodes.startClient(settings.withInstanceName("features-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        admin.putTenant("t1", "T1", "t1-key-0123456789abcdef");
        admin.putRatePlan("sec", PER_SECOND);
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server.close();
    }

    private static String account(String balance, AccountLimits limits, ReservationStrategy strategy, String lowBalance) {
        String id = "feat-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("t1", id, "EUR", "sec", PayType.PREPAID, strategy, limits,
                Money.parse(balance).micros(), 0, Money.parse(lowBalance).micros()));
        return id;
    }

    /** Incremental, so that one call does not reserve the whole balance and the limits are what bites. */
    private static String account(String balance, AccountLimits limits) {
        return account(balance, limits, ReservationStrategy.INCREMENTAL, "0");
    }

    private static ChargingResult authorise(String account, String callId, Direction direction, long at) {
        return charging.authorise(account, callId, "100", "200", direction, at).join();
    }

    private static Account state(String id) {
        return admin.account(id).orElseThrow();
    }

    @Test
    void theConcurrentCallLimitDeniesTheCallOverItAndAStopFreesTheSlot() {
        String acc = account("10", new AccountLimits(2, 0, 0, 0, 0, 300));
        long now = System.currentTimeMillis();

        ChargingResult firstCall = authorise(acc, "a", Direction.OUTBOUND, now);
        assertEquals(Outcome.OK, firstCall.outcome(), () -> "denied: " + firstCall.denyReason());
        assertEquals(Outcome.OK, authorise(acc, "b", Direction.INBOUND, now).outcome());
        ChargingResult third = authorise(acc, "c", Direction.OUTBOUND, now);
        assertEquals(DenyReason.CONCURRENT_LIMIT, third.denyReason());
        assertEquals(2, state(acc).activeCalls());

        charging.stop(acc, "a", 10, now, "").join();
        charging.stop(acc, "a", 10, now, "").join(); // a duplicate stop frees nothing more
        assertEquals(1, state(acc).activeCalls());
        assertEquals(Outcome.OK, authorise(acc, "c", Direction.OUTBOUND, now).outcome());
    }

    @Test
    void inboundAndOutboundLimitsAreCountedSeparately() {
        String acc = account("10", new AccountLimits(0, 1, 1, 0, 0, 300));
        long now = System.currentTimeMillis();

        assertEquals(Outcome.OK, authorise(acc, "in-1", Direction.INBOUND, now).outcome());
        assertEquals(DenyReason.CONCURRENT_LIMIT, authorise(acc, "in-2", Direction.INBOUND, now).denyReason());
        assertEquals(Outcome.OK, authorise(acc, "out-1", Direction.OUTBOUND, now).outcome());
        assertEquals(1, state(acc).activeInbound());
        assertEquals(1, state(acc).activeOutbound());
    }

    @Test
    void theCallsPerSecondLimitResetsWithTheNextSecond() {
        String acc = account("10", new AccountLimits(0, 0, 0, 2, 0, 300));
        long second = (System.currentTimeMillis() / 1000) * 1000;

        assertEquals(Outcome.OK, authorise(acc, "1", Direction.OUTBOUND, second + 100).outcome());
        assertEquals(Outcome.OK, authorise(acc, "2", Direction.OUTBOUND, second + 500).outcome());
        assertEquals(DenyReason.CPS_LIMIT, authorise(acc, "3", Direction.OUTBOUND, second + 999).denyReason());
        assertEquals(Outcome.OK, authorise(acc, "4", Direction.OUTBOUND, second + 1000).outcome());
    }

    @Test
    void emergencyCallsIgnoreLimitsCreditAndStatusAndAreFree() {
        String acc = account("0", new AccountLimits(1, 0, 0, 0, 0, 300));
        long now = System.currentTimeMillis();
        admin.setStatus(acc, AccountStatus.FROZEN);

        ChargingResult first = charging.authorise(acc, "sos-1", "100", "112", Direction.OUTBOUND, now).join();
        ChargingResult second = charging.authorise(acc, "sos-2", "100", "112", Direction.OUTBOUND, now).join();
        ChargingResult stopped = charging.stop(acc, "sos-1", 300, now, "").join();

        assertEquals(Outcome.OK, first.outcome());
        assertEquals(Outcome.OK, second.outcome());
        assertEquals(FlatRate.MAX_GRANT_SECONDS, first.maxDurationSecs());
        assertEquals(0, stopped.costMicros());
        assertEquals(0, state(acc).balanceMicros());
        assertEquals(0, state(acc).activeCalls());
        assertEquals(DenyReason.ACCOUNT_FROZEN, authorise(acc, "normal", Direction.OUTBOUND, now).denyReason());
    }

    @Test
    void frozenAndClosedAccountsAreDeniedWithTheirOwnReasons() {
        String frozen = account("10", AccountLimits.NONE);
        String closed = account("10", AccountLimits.NONE);
        admin.setStatus(frozen, AccountStatus.FROZEN);
        admin.setStatus(closed, AccountStatus.CLOSED);
        long now = System.currentTimeMillis();

        assertEquals(DenyReason.ACCOUNT_FROZEN, authorise(frozen, "x", Direction.OUTBOUND, now).denyReason());
        assertEquals(DenyReason.ACCOUNT_CLOSED, authorise(closed, "x", Direction.OUTBOUND, now).denyReason());
        admin.setStatus(frozen, AccountStatus.ACTIVE);
        assertEquals(Outcome.OK, authorise(frozen, "x", Direction.OUTBOUND, now).outcome());
    }

    @Test
    void theDailyCapBoundsTheGrantAndCountsPostedSpend() {
        String acc = account("10", new AccountLimits(0, 0, 0, 0, Money.parse("0.10").micros(), 300));
        long now = System.currentTimeMillis();

        ChargingResult first = authorise(acc, "1", Direction.OUTBOUND, now);
        assertEquals(100, first.maxDurationSecs(), "0.10 at 0.001 a second");
        charging.stop(acc, "1", 70, now, "").join(); // 0.07 spent today

        assertEquals(30, authorise(acc, "2", Direction.OUTBOUND, now).maxDurationSecs());
        long tomorrow = now + Duration.ofDays(1).toMillis();
        charging.stop(acc, "2", 0, now, "").join();
        assertEquals(100, authorise(acc, "3", Direction.OUTBOUND, tomorrow).maxDurationSecs(), "the cap resets each UTC day");
    }

    @Test
    void incrementalReservationsGrowBySlicesOnInterimAndRepeatedSequencesChangeNothing() {
        String acc = account("1.00", new AccountLimits(0, 0, 0, 0, 0, 120), ReservationStrategy.INCREMENTAL, "0");
        long now = System.currentTimeMillis();

        ChargingResult authorised = authorise(acc, "long", Direction.OUTBOUND, now);
        assertEquals(120, authorised.maxDurationSecs());
        assertEquals(120_000, state(acc).reservedMicros());

        ChargingResult first = charging.interim(acc, "long", 1, now + 60_000).join();
        ChargingResult repeat = charging.interim(acc, "long", 1, now + 61_000).join();
        assertEquals(240, first.maxDurationSecs());
        assertTrue(repeat.replay());
        assertEquals(240_000, state(acc).reservedMicros());

        for (int sequence = 2; sequence <= 10; sequence++) {
            charging.interim(acc, "long", sequence, now + sequence * 60_000L).join();
        }
        assertEquals(1_000, admin.session(acc, "long").orElseThrow().grantedSecs(), "never more than the funds allow");
        assertEquals(1_000_000, state(acc).reservedMicros());

        ChargingResult stopped = charging.stop(acc, "long", 500, now + 600_000, "").join();
        assertEquals(500_000, stopped.costMicros());
        assertEquals(0, state(acc).reservedMicros());
    }

    @Test
    void transfersApplyOncePerIdAndFormTheTopUpHistory() {
        String acc = account("1.00", AccountLimits.NONE);
        long now = System.currentTimeMillis();

        TransferResult topUp = charging.transfer(acc, "tx-1", TransferKind.TOPUP, 5_000_000, now, "card").join();
        TransferResult again = charging.transfer(acc, "tx-1", TransferKind.TOPUP, 5_000_000, now + 5, "card").join();
        TransferResult reused = charging.transfer(acc, "tx-1", TransferKind.TOPUP, 7_000_000, now, "card").join();
        TransferResult refund = charging.transfer(acc, "tx-2", TransferKind.REFUND, 250_000, now + 10, "dispute").join();
        TransferResult zero = charging.transfer(acc, "tx-3", TransferKind.TOPUP, 0, now, "").join();
        TransferResult overdraw = charging.transfer(acc, "tx-4", TransferKind.ADJUSTMENT, -9_000_000, now, "").join();

        assertNull(topUp.refusal());
        assertTrue(again.replay());
        assertEquals("TRANSFER_ID_REUSED", reused.refusal());
        assertEquals(6_250_000, refund.transfer().balanceAfterMicros());
        assertEquals("INVALID_AMOUNT", zero.refusal());
        assertEquals("INSUFFICIENT_FUNDS", overdraw.refusal());
        assertEquals(6_250_000, state(acc).balanceMicros());
        List<Transfer> history = admin.transfersOf(acc);
        assertEquals(List.of("tx-1", "tx-2"), history.stream().map(Transfer::transferId).toList());
        assertEquals(TransferKind.REFUND, history.get(1).kind());
    }

    @Test
    void crossingTheLowBalanceThresholdRaisesOneEventPerCrossing() {
        String acc = account("1.00", AccountLimits.NONE, ReservationStrategy.FULL, "0.50");
        long now = System.currentTimeMillis();

        authorise(acc, "1", Direction.OUTBOUND, now);
        charging.stop(acc, "1", 600, now + 1, "").join(); // 0.60 -> balance 0.40, below 0.50
        authorise(acc, "2", Direction.OUTBOUND, now);
        charging.stop(acc, "2", 100, now + 2, "").join(); // 0.30, still below: no second event
        assertEquals(1, admin.eventsOf(acc).size());

        charging.transfer(acc, "top", TransferKind.TOPUP, 1_000_000, now + 3, "").join(); // 1.30, above again
        authorise(acc, "3", Direction.OUTBOUND, now);
        charging.stop(acc, "3", 900, now + 4, "").join(); // 0.40, below again

        List<AccountEvent> events = admin.eventsOf(acc);
        assertEquals(2, events.size());
        assertEquals(AccountEvent.LOW_BALANCE, events.get(1).type());
        assertEquals(400_000, events.get(1).balanceMicros());
        assertEquals("call:3", events.get(1).cause());
    }

    @Test
    void authoriseFlagsTheTopUpPromptWhileTheBalanceIsUnderTheThreshold() {
        long now = System.currentTimeMillis();
        // Opened under its threshold: low at once, though it never crossed it (no event).
        String openedLow = account("0.40", AccountLimits.NONE, ReservationStrategy.INCREMENTAL, "0.50");
        ChargingResult first = authorise(openedLow, "1", Direction.OUTBOUND, now);
        assertEquals(Outcome.OK, first.outcome(), () -> "denied: " + first.denyReason());
        assertTrue(first.balanceLow());
        assertEquals(List.of(), admin.eventsOf(openedLow));

        String acc = account("1.00", AccountLimits.NONE, ReservationStrategy.INCREMENTAL, "0.50");
        assertFalse(authorise(acc, "1", Direction.OUTBOUND, now).balanceLow(), "1.00 is above 0.50");
        charging.stop(acc, "1", 600, now + 1, "").join(); // 0.60 -> 0.40
        assertTrue(authorise(acc, "2", Direction.OUTBOUND, now + 2).balanceLow(), "0.40 is under 0.50");
        charging.transfer(acc, "top", TransferKind.TOPUP, 1_000_000, now + 3, "").join(); // 1.40
        assertFalse(authorise(acc, "2", Direction.OUTBOUND, now + 4).balanceLow(), "a repeat reads the balance as it is now");
        assertFalse(authorise(acc, "3", Direction.OUTBOUND, now + 4).balanceLow());

        String noThreshold = account("0.01", AccountLimits.NONE, ReservationStrategy.INCREMENTAL, "0");
        ChargingResult poor = authorise(noThreshold, "1", Direction.OUTBOUND, now);
        assertEquals(Outcome.OK, poor.outcome(), () -> "denied: " + poor.denyReason());
        assertFalse(poor.balanceLow(), "no threshold, no prompt");
    }

        @Test
    void theReaperVoidsASilentSessionAndALateStopStillBillsIt() throws Exception {
        String acc = account("1.00", new AccountLimits(1, 0, 0, 0, 0, 300));
        long longAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        long reapedBefore = admin.reapedSessions();
        authorise(acc, "silent", Direction.OUTBOUND, longAgo); // granted a 300 s slice, which ran out long ago

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // The session commits as REAPED a moment before the reaper counts it, so wait for both.
        while ((admin.session(acc, "silent").orElseThrow().state() != SessionState.REAPED
                || admin.reapedSessions() <= reapedBefore) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(SessionState.REAPED, admin.session(acc, "silent").orElseThrow().state());
        assertEquals(0, state(acc).reservedMicros());
        assertEquals(0, state(acc).activeCalls(), "the slot came back");
        assertEquals(1_000_000, state(acc).balanceMicros(), "voided, not charged");
        assertTrue(admin.reapedSessions() > reapedBefore);
        assertFalse(server.cache(Caches.LIVE_SESSIONS).containsKey(new SessionKey(acc, "silent")),
                "a reaped call leaves the reaper's live index");

        ChargingResult late = charging.stop(acc, "silent", 30, System.currentTimeMillis(), "").join();
        assertFalse(late.replay());
        assertEquals(30_000, late.costMicros());
        assertEquals(970_000, state(acc).balanceMicros());
        assertEquals(0, state(acc).activeCalls());
    }

    /** Waits until the reaper has finished the session (any state but the two of a call in progress). */
    private static Session awaitReaped(String acc, String callId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (admin.session(acc, callId).orElseThrow().inProgress() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return admin.session(acc, callId).orElseThrow();
    }

    @Test
    void anAnsweredCallWhoseStopNeverCameIsChargedItsGrantAsAnEstimateAndALateStopCorrectsItOnce() throws Exception {
        String acc = account("1.00", new AccountLimits(1, 0, 0, 0, 0, 300)); // charge-elapsed, the default
        long longAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        authorise(acc, "lost", Direction.OUTBOUND, longAgo); // a 300 s slice
        charging.answer(acc, "lost", longAgo + 2_000).join();

        Session estimated = awaitReaped(acc, "lost");
        assertEquals(SessionState.ESTIMATED, estimated.state());
        assertEquals(300, estimated.durationSecs(), "from answer to the reap, capped at the 300 s granted");
        assertEquals(300_000, estimated.costMicros());
        assertEquals(700_000, state(acc).balanceMicros(), "the grant was charged");
        assertEquals(0, state(acc).reservedMicros());
        assertEquals(0, state(acc).activeCalls(), "the slot came back");
        StopEvent estimatedCdr = (StopEvent) server.cache(Caches.CDR_OUTBOX).get(new SessionKey(acc, "lost"));
        assertTrue(estimatedCdr.estimated(), "the CDR says the duration is an estimate");
        assertEquals(300, estimatedCdr.durationSecs());
        assertEquals(300_000, estimatedCdr.costMicros());

        ChargingResult late = charging.stop(acc, "lost", 42, System.currentTimeMillis(), "real").join();
        assertFalse(late.replay());
        assertEquals(42_000, late.costMicros(), "the real duration's cost replaces the estimate");
        assertEquals(958_000, state(acc).balanceMicros(), "0.258 of the estimate came back");
        assertEquals(SessionState.STOPPED, admin.session(acc, "lost").orElseThrow().state());
        StopEvent realCdr = (StopEvent) server.cache(Caches.CDR_OUTBOX).get(new SessionKey(acc, "lost"));
        assertFalse(realCdr.estimated(), "the CDR under the same key is the real one now");
        assertEquals(42, realCdr.durationSecs());
        assertEquals("real", realCdr.raw());

        ChargingResult again = charging.stop(acc, "lost", 99, System.currentTimeMillis(), "").join();
        assertTrue(again.replay(), "the correction happens once");
        assertEquals(42_000, again.costMicros());
        assertEquals(958_000, state(acc).balanceMicros());
    }

    @Test
    void aLateStopLongerThanTheEstimateIsChargedOnlyWithinTheFundsLeft() throws Exception {
        String acc = account("0.40", new AccountLimits(1, 0, 0, 0, 0, 300));
        long longAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        authorise(acc, "overrun", Direction.OUTBOUND, longAgo);
        charging.answer(acc, "overrun", longAgo).join();
        assertEquals(SessionState.ESTIMATED, awaitReaped(acc, "overrun").state());
        assertEquals(100_000, state(acc).balanceMicros(), "0.30 for the 300 s granted");

        ChargingResult late = charging.stop(acc, "overrun", 600, System.currentTimeMillis(), "").join();
        assertEquals(400_000, late.costMicros(), "600 s would cost 0.60; the account held 0.40 in all");
        assertEquals(0, state(acc).balanceMicros(), "never below its (zero) credit limit");
    }

    @Test
    void underTheVoidPolicyASilentAnsweredCallIsVoided() throws Exception {
        String acc = "feat-void-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("t1", acc, "EUR", "sec", PayType.PREPAID, ReservationStrategy.INCREMENTAL,
                new AccountLimits(1, 0, 0, 0, 0, 300), 1_000_000, 0, 0).withLostStopPolicy(LostStopPolicy.VOID));
        long longAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        authorise(acc, "lost", Direction.OUTBOUND, longAgo);
        charging.answer(acc, "lost", longAgo).join();

        assertEquals(SessionState.REAPED, awaitReaped(acc, "lost").state());
        assertEquals(1_000_000, state(acc).balanceMicros(), "voided, not charged");
        assertNull(server.cache(Caches.CDR_OUTBOX).get(new SessionKey(acc, "lost")), "no CDR for a voided call");
    }

    @Test
    void creditAssignedToAnExtensionBoundsItsCallsWhileOtherExtensionsShareTheAccount() {
        String acc = account("10", AccountLimits.NONE, ReservationStrategy.FULL, "0");
        admin.putSubscriber(acc, "101", Money.parse("0.50"), "Sales");
        admin.putSubscriber(acc, "102", Money.ZERO);
        long now = System.currentTimeMillis();

        ChargingResult own = charging.authorise(acc, "x1", "101", "200", Direction.OUTBOUND, "101", now).join();
        ChargingResult shared = charging.authorise(acc, "x2", "102", "200", Direction.OUTBOUND, "102", now).join();
        ChargingResult unknown = charging.authorise(acc, "x3", "999", "200", Direction.OUTBOUND, "999", now).join();

        assertEquals(500, own.maxDurationSecs(), "0.50 of its own credit at 0.001 a second");
        assertEquals(9_500, shared.maxDurationSecs(), "the rest of the account's balance");
        assertEquals(DenyReason.ACCOUNT_UNKNOWN, unknown.denyReason());

        charging.stop(acc, "x1", 200, now, "").join();
        assertEquals(200_000, admin.subscriber(acc, "101").orElseThrow().spentMicros());
        assertEquals(0, admin.subscriber(acc, "101").orElseThrow().reservedMicros());
        StopEvent cdr = (StopEvent) server.cache(Caches.CDR_OUTBOX).get(new SessionKey(acc, "x1"));
        assertEquals("101", cdr.extension(), "the CDR names the extension that made the call");
        assertEquals("Sales", cdr.department(), "and its department");
        assertEquals(Direction.OUTBOUND, cdr.direction());
        assertNull(cdr.callType(), "a flat-rate plan has no call types");
        ChargingResult again = charging.authorise(acc, "x4", "101", "200", Direction.OUTBOUND, "101", now).join();
        assertEquals(300, again.maxDurationSecs(), "what is left of the extension's 0.50");
    }

    @Test
    void aResellersCallLimitCountsTheCallsOfAllItsCustomersAndItSeesTheirAccounts() {
        admin.putTenant("reseller", "Reseller", null, 2, "reseller-key-0123456789");
        admin.putTenant("cust-a", "Customer A", "reseller", 0, "cust-a-key-0123456789");
        admin.putTenant("cust-b", "Customer B", "reseller", 0, "cust-b-key-0123456789");
        String a = "reseller-acc-a";
        String b = "reseller-acc-b";
        for (String[] spec : new String[][]{{"cust-a", a}, {"cust-b", b}}) {
            admin.openAccount(Account.open(spec[0], spec[1], "EUR", "sec", PayType.PREPAID, ReservationStrategy.INCREMENTAL,
                    AccountLimits.NONE, 10_000_000, 0, 0));
        }
        long now = System.currentTimeMillis();

        assertEquals(Outcome.OK, authorise(a, "a1", Direction.OUTBOUND, now).outcome());
        assertEquals(Outcome.OK, authorise(b, "b1", Direction.OUTBOUND, now).outcome());
        assertEquals(DenyReason.CONCURRENT_LIMIT, authorise(a, "a2", Direction.OUTBOUND, now).denyReason());
        assertEquals(2, admin.tenantCallsInProgress("reseller"));
        charging.stop(a, "a1", 5, now, "").join();
        assertEquals(Outcome.OK, authorise(b, "b2", Direction.OUTBOUND, now).outcome());
        assertEquals(DenyReason.CONCURRENT_LIMIT, authorise(a, "a3", Direction.OUTBOUND, now).denyReason());

        assertTrue(admin.accountOf("reseller", a).isPresent(), "a reseller reaches its customers' accounts");
        assertTrue(admin.accountOf("cust-a", a).isPresent());
        assertTrue(admin.accountOf("cust-b", a).isEmpty(), "a sibling does not");
        assertTrue(admin.accountOf("t1", a).isEmpty(), "nor does an unrelated tenant");
    }

    @Test
    void aSessionThatIsStillWithinItsGrantIsNotReaped() throws Exception {
        String acc = account("1.00", AccountLimits.NONE);
        authorise(acc, "alive", Direction.OUTBOUND, System.currentTimeMillis());
        Thread.sleep(1_500);
        assertEquals(SessionState.AUTHORISED, admin.session(acc, "alive").orElseThrow().state());
    }
}
