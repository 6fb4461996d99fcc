package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finished calls are kept for the retention window and then expire, so storage follows the calls in progress
 * and that window; what a replay gets on either side of it; and a fail-open stop never bills twice.
 */
class FinishedCallsTest {
    /** 0.06 per minute on 1/1 increments: exactly 1,000 micros a second. */
    private static final FlatRate PER_SECOND = new FlatRate(Money.parse("0.06"), Money.ZERO, 1, 1);
    private static final long RETENTION_MILLIS = 3_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private static Ignite server;
    private static ChargingClient charging;
    private static GridAdmin admin;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("finished-calls");
        server = GridNodes.startServer(settings, ChargingPolicy.DEFAULTS.withFinishedRetention(RETENTION_MILLIS));
        charging = new ChargingClient(server);
        admin = new GridAdmin(server);
        admin.putTenant("fc", "Finished calls", "fc-key-0123456789abcdef");
        admin.putRatePlan("sec", PER_SECOND);
    }

    @AfterAll
    static void stopGrid() {
        charging.close();
        server.close();
    }

    private static String account(String balance) {
        String id = "fc-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("fc", id, "EUR", "sec", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, Money.parse(balance).micros(), 0, 0));
        return id;
    }

    private static long balance(String account) {
        return admin.account(account).orElseThrow().balanceMicros();
    }

    @Test
    void aReplayWithinRetentionGetsTheFirstAnswerAndAfterItTheCallIsUnknownAndNothingMoves() throws Exception {
        String acc = account("10");
        long now = System.currentTimeMillis();
        assertEquals(Outcome.OK, charging.authorise(acc, "c1", "100", "200", now).join().outcome());
        ChargingResult first = charging.stop(acc, "c1", 30, now + 30_000, "").join();
        assertEquals(30_000, first.costMicros());

        ChargingResult replay = charging.stop(acc, "c1", 30, now + 31_000, "").join();
        assertTrue(replay.replay());
        assertEquals(30_000, replay.costMicros());

        Thread.sleep(RETENTION_MILLIS + 1_500);
        ChargingResult late = charging.stop(acc, "c1", 30, System.currentTimeMillis(), "").join();
        assertEquals(Outcome.UNKNOWN_SESSION, late.outcome(), "the finished call's record expired");
        assertEquals(10_000_000 - 30_000, balance(acc), "charged once");
        assertEquals(0, admin.account(acc).orElseThrow().reservedMicros());
    }

    @Test
    void aCallInProgressDoesNotExpire() throws Exception {
        String acc = account("10");
        long now = System.currentTimeMillis();
        assertEquals(Outcome.OK, charging.authorise(acc, "long", "100", "200", now).join().outcome());
        Thread.sleep(RETENTION_MILLIS + 1_500);
        ChargingResult stopped = charging.stop(acc, "long", 60, System.currentTimeMillis(), "").join();
        assertEquals(Outcome.OK, stopped.outcome());
        assertFalse(stopped.replay());
        assertEquals(60_000, stopped.costMicros());
    }

    @Test
    void aFailOpenStopIsBilledOnceInsideTheWindowAndRefusedOutsideIt() throws Exception {
        String acc = account("10");
        long failedOpenAt = System.currentTimeMillis();
        ChargingResult ordinary = charging.stop(acc, "blind", 20, failedOpenAt + 20_000, "").join();
        assertEquals(Outcome.UNKNOWN_SESSION, ordinary.outcome(), "an ordinary stop cannot bill an unknown call");

        ChargingResult billed = charging.stop(acc, "blind", 20, failedOpenAt + 1_000, "", failedOpenAt).join();
        assertEquals(20_000, billed.costMicros());
        assertTrue(charging.stop(acc, "blind", 20, failedOpenAt + 1_500, "", failedOpenAt).join().replay());

        // Once the first stop's record may have expired, the same fail-open stop is refused rather than billed again.
        Thread.sleep(RETENTION_MILLIS + 1_500);
        ChargingResult late = charging.stop(acc, "blind", 20, System.currentTimeMillis(), "", failedOpenAt).join();
        assertEquals(Outcome.UNKNOWN_SESSION, late.outcome());
        assertEquals(10_000_000 - 20_000, balance(acc), "billed once");
    }

    @Test
    void theFailOpenWindowIsTheRetentionLessTheClockMargin() {
        ChargingPolicy day = ChargingPolicy.DEFAULTS;
        long t = 1_700_000_000_000L;
        assertTrue(day.failOpenStopInTime(t, t + 1));
        assertTrue(day.failOpenStopInTime(t, t + 86_400_000L - ChargingPolicy.CLOCK_MARGIN_MILLIS));
        assertFalse(day.failOpenStopInTime(t, t + 86_400_000L - ChargingPolicy.CLOCK_MARGIN_MILLIS + 1));
        assertFalse(day.failOpenStopInTime(0, t), "no fail-open instant: an ordinary stop");
        assertFalse(day.failOpenStopInTime(t + ChargingPolicy.CLOCK_MARGIN_MILLIS + 1, t), "dated in the future");
    }
}
