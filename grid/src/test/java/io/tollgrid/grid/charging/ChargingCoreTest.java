package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.session.SessionState;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The charging core on two in-process server nodes with persistence and backups, driven through a client node. */
class ChargingCoreTest {
    /** 0.06 per minute, 60/60, no connect fee: one minute costs exactly 60,000 micros. */
    private static final FlatRate PER_MINUTE_60_60 = new FlatRate(Money.parse("0.06"), Money.ZERO, 60, 60);
    /** 0.012 per minute, 1/1, connect fee 0.01. */
    private static final FlatRate PER_SECOND_WITH_FEE = new FlatRate(Money.parse("0.012"), Money.parse("0.01"), 1, 1);

    private static final AtomicInteger IDS = new AtomicInteger();
    /** Calls happen now, so the session reaper sees them as alive. */
    private static final long T0 = System.currentTimeMillis();
    private static Ignite server1;
    private static Ignite server2;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("charging-test-1").withExpectedServers(2);
        CompletableFuture<Ignite> first = CompletableFuture.supplyAsync(() -> GridNodes.startServer(settings));
        server2 = GridNodes.startServer(settings.withInstanceName("charging-test-2"));
        server1 = first.join();
        client = GridNodes.startClient(settings.withInstanceName("charging-test-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        admin.putTenant("t1", "Tenant One", "t1-key-0123456789abcdef");
        admin.putRatePlan("minute", PER_MINUTE_60_60);
        admin.putRatePlan("second", PER_SECOND_WITH_FEE);
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server2.close();
        server1.close();
    }

    private static String newAccount(String plan, String balance) {
        String id = "acc-" + IDS.incrementAndGet();
        admin.createAccount("t1", id, "EUR", plan, Money.parse(balance), Money.ZERO);
        return id;
    }

    private static Account account(String id) {
        return admin.account(id).orElseThrow();
    }

    @Test
    void authoriseReservesTheLongestAffordableCallInWholeIncrements() {
        String acc = newAccount("minute", "1.00");

        ChargingResult result = charging.authorise(acc, "c1", "100", "200", T0 + 1_000).join();

        // 1.00 / 0.06 per minute = 16.67 minutes -> 16 whole minutes, reserving 0.96.
        assertEquals(Outcome.OK, result.outcome());
        assertEquals(960, result.maxDurationSecs());
        assertEquals(960_000, result.reservedMicros());
        assertEquals(960_000, account(acc).reservedMicros());
        assertEquals(1_000_000, account(acc).balanceMicros());
    }

    @Test
    void stopPostsTheCostReleasesTheReservationAndFillsTheOutbox() {
        String acc = newAccount("second", "5.00");
        charging.authorise(acc, "c1", "100", "200", T0 + 1_000).join();
        charging.answer(acc, "c1", T0 + 2_000).join();

        ChargingResult stopped = charging.stop(acc, "c1", 125, T0 + 127_000, "{\"raw\":1}").join();

        // 0.01 fee + 125 s at 0.012/min = 0.01 + 0.025 = 0.035.
        assertEquals(35_000, stopped.costMicros());
        assertEquals(125, stopped.billedSecs());
        assertEquals(4_965_000, account(acc).balanceMicros());
        assertEquals(0, account(acc).reservedMicros());
        StopEvent event = client.<SessionKey, StopEvent>cache(Caches.CDR_OUTBOX).get(new SessionKey(acc, "c1"));
        assertNotNull(event);
        assertEquals(35_000, event.costMicros());
        assertEquals("{\"raw\":1}", event.raw());
        assertEquals(T0 + 2_000, event.answeredAtMillis());
        assertEquals(0, event.sipCode(), "the stop named no SIP response");
        assertEquals(StopEvent.NO_PDD, event.pddMs(), "nor a post-dial delay");
    }

    @Test
    void thePostDialDelayTheSwitchMeasuredGoesToTheOutboxAndABadOneChangesNothing() {
        String acc = newAccount("second", "5.00");
        charging.authorise(acc, "ringing", "100", "200", T0 + 1_000).join();

        for (int bad : new int[] {-2, StopEvent.MAX_PDD_MS + 1}) {
            assertThrows(java.util.concurrent.CompletionException.class,
                    () -> charging.stop(acc, "ringing", 0, T0 + 3_000, "{}", 0, null, 486, bad).join(), "pdd " + bad);
            assertEquals(SessionState.AUTHORISED, admin.session(acc, "ringing").orElseThrow().state(),
                    "the bad stop changed nothing");
        }

        charging.stop(acc, "ringing", 0, T0 + 3_000, "{}", 0, null, 486, 1_850).join();
        StopEvent event = client.<SessionKey, StopEvent>cache(Caches.CDR_OUTBOX).get(new SessionKey(acc, "ringing"));
        assertEquals(1_850, event.pddMs());
        assertEquals(486, event.sipCode());
    }

    @Test
    void theSipResponseTheSwitchSaysEndedTheCallGoesToTheOutboxAndABadOneChangesNothing() {
        String acc = newAccount("second", "5.00");
        charging.authorise(acc, "busy", "100", "200", T0 + 1_000).join();

        assertThrows(java.util.concurrent.CompletionException.class,
                () -> charging.stop(acc, "busy", 0, T0 + 3_000, "{}", 0, null, 99).join());
        assertEquals(SessionState.AUTHORISED, admin.session(acc, "busy").orElseThrow().state(), "the bad stop changed nothing");

        charging.stop(acc, "busy", 0, T0 + 3_000, "{}", 0, null, 486).join();
        StopEvent event = client.<SessionKey, StopEvent>cache(Caches.CDR_OUTBOX).get(new SessionKey(acc, "busy"));
        assertEquals(486, event.sipCode());
        assertEquals(0, account(acc).reservedMicros());
    }

    @Test
    void stopTwiceChargesOnce() {
        String acc = newAccount("minute", "1.00");
        charging.authorise(acc, "c1", "100", "200", T0 + 1_000).join();

        ChargingResult first = charging.stop(acc, "c1", 61, T0 + 70_000, "a").join();
        ChargingResult second = charging.stop(acc, "c1", 300, T0 + 90_000, "b").join();

        assertEquals(120_000, first.costMicros());
        assertFalse(first.replay());
        assertTrue(second.replay());
        assertEquals(120_000, second.costMicros());
        assertEquals(880_000, account(acc).balanceMicros());
        assertEquals(0, account(acc).reservedMicros());
    }

    @Test
    void authoriseTwiceReservesOnce() {
        String acc = newAccount("minute", "1.00");

        ChargingResult first = charging.authorise(acc, "c1", "100", "200", T0 + 1_000).join();
        ChargingResult second = charging.authorise(acc, "c1", "100", "200", T0 + 1_500).join();

        assertTrue(second.replay());
        assertEquals(first.maxDurationSecs(), second.maxDurationSecs());
        assertEquals(960_000, account(acc).reservedMicros());
    }

    @Test
    void aSecondConcurrentCallGetsOnlyWhatTheFirstDidNotReserve() {
        String acc = newAccount("minute", "0.30");

        ChargingResult first = charging.authorise(acc, "c1", "100", "200", T0 + 1_000).join();
        ChargingResult second = charging.authorise(acc, "c2", "100", "201", T0 + 1_000).join();

        assertEquals(300, first.maxDurationSecs());
        assertEquals(Outcome.DENIED, second.outcome());
        assertEquals(DenyReason.INSUFFICIENT_CREDIT, second.denyReason());

        charging.stop(acc, "c1", 100, T0 + 101_000, "").join(); // costs 0.12, leaves 0.18
        ChargingResult third = charging.authorise(acc, "c3", "100", "202", T0 + 200_000).join();
        assertEquals(180, third.maxDurationSecs());
    }

    @Test
    void aCallThatOverrunsItsGrantIsChargedNoMoreThanTheFundsLeft() {
        String acc = newAccount("minute", "0.30");
        assertEquals(300, charging.authorise(acc, "c1", "100", "200", T0 + 1_000).join().maxDurationSecs());

        ChargingResult stopped = charging.stop(acc, "c1", 400, T0 + 401_000, "").join(); // rated 0.42

        assertEquals(300_000, stopped.costMicros());
        assertEquals(0, account(acc).balanceMicros());
        assertEquals(0, account(acc).reservedMicros());
    }

    @Test
    void unknownAccountsAndSessionsAreReportedAsSuch() {
        assertEquals(Outcome.UNKNOWN_ACCOUNT, charging.authorise("no-such", "c1", "1", "2", T0 + 0).join().outcome());
        String acc = newAccount("minute", "1.00");
        assertEquals(Outcome.UNKNOWN_SESSION, charging.stop(acc, "never-authorised", 10, T0 + 0, "").join().outcome());
        assertEquals(Outcome.UNKNOWN_SESSION, charging.answer(acc, "never-authorised", T0 + 0).join().outcome());
        assertEquals(1_000_000, account(acc).balanceMicros());
    }

    @Test
    void manyConcurrentCallsOnOneBalanceNeverReserveMoreThanItHolds() {
        String acc = newAccount("minute", "1.00");
        List<CompletableFuture<ChargingResult>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(charging.authorise(acc, "p" + i, "100", "200", T0 + 1_000));
        }
        long reserved = calls.stream().map(CompletableFuture::join)
                .filter(r -> r.outcome() == Outcome.OK).mapToLong(ChargingResult::reservedMicros).sum();

        assertTrue(reserved <= 1_000_000, "reserved " + reserved);
        assertEquals(reserved, account(acc).reservedMicros());
        for (int i = 0; i < 40; i++) {
            charging.stop(acc, "p" + i, 30, T0 + 2_000, "").join();
        }
        Account after = account(acc);
        assertEquals(0, after.reservedMicros());
        long allowed = calls.stream().map(CompletableFuture::join).filter(r -> r.outcome() == Outcome.OK).count();
        assertEquals(1_000_000 - allowed * 60_000, after.balanceMicros());
    }
}
