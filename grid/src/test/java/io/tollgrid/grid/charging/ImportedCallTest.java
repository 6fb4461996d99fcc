package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.grid.ledger.PostedCall.Outcome;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Posting an imported call: the grid judges alone whether the switch API billed a call that ended within its session
 * retention, and asks for history to be checked for an older one, posting nothing until it is.
 */
class ImportedCallTest {
    private static Ignite server;
    private static ChargingClient charging;
    private static GridAdmin admin;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("imported-1");
        server = GridNodes.startServer(settings);
        charging = new ChargingClient(server);
        admin = new GridAdmin(server);
        admin.putTenant("ti", "Imports", "ti-key-0123456789abcdef");
        admin.putRatePlan("ti-flat", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
        admin.openAccount(Account.open("ti", "ti-1", "EUR", "ti-flat", PayType.POSTPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, Money.parse("10.00").micros(), Money.parse("100.00").micros(), 0));
    }

    @AfterAll
    static void stopGrid() {
        charging.close();
        server.close();
    }

    private static PostedCall post(String callId, long endedAtMillis, boolean historyChecked) {
        return charging.postImportedCall("ti-1", callId, "cdr:" + endedAtMillis + ":" + callId, "EUR", 600_000,
                endedAtMillis, "import", historyChecked).join();
    }

    private static long balance() {
        return admin.account("ti-1").orElseThrow().balanceMicros();
    }

    @Test
    void aRecentCallIsJudgedByTheGridsSessionsAlone() {
        long now = System.currentTimeMillis();
        assertEquals(Outcome.POSTED, post("recent-1", now - 3_600_000, false).outcome());
        // A call the switch API billed an hour ago: its session is kept, so the import is refused without history.
        long at = now - 3_600_000;
        assertEquals(io.tollgrid.grid.charging.Outcome.OK, charging.authorise("ti-1", "live-1", "1001", "4420", Direction.OUTBOUND, at)
                .join().outcome());
        charging.answer("ti-1", "live-1", at + 1_000).join();
        charging.stop("ti-1", "live-1", 60, at + 61_000, "{}").join();
        long before = balance();
        assertEquals(Outcome.BILLED_LIVE, post("live-1", at + 61_000, false).outcome());
        assertEquals(before, balance());
    }

    @Test
    void anOlderCallWaitsForHistoryToBeCheckedThenPostsOnce() {
        long longAgo = System.currentTimeMillis() - ChargingPolicy.DEFAULT_FINISHED_RETENTION_MILLIS;
        long before = balance();
        assertEquals(Outcome.CHECK_HISTORY, post("old-1", longAgo, false).outcome());
        assertEquals(before, balance());
        assertEquals(Outcome.POSTED, post("old-1", longAgo, true).outcome());
        assertEquals(before - 600_000, balance());
        // A re-import of it needs no history: its transfer answers.
        assertEquals(Outcome.REPLAY, post("old-1", longAgo, false).outcome());
        // Within the clock margin of the retention's end the grid does not trust its sessions either.
        long edge = System.currentTimeMillis() - ChargingPolicy.DEFAULT_FINISHED_RETENTION_MILLIS
                + ChargingPolicy.CLOCK_MARGIN_MILLIS / 2;
        assertEquals(Outcome.CHECK_HISTORY, post("edge-1", edge, false).outcome());
        assertEquals(before - 600_000, balance());
    }
}
