package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.ledger.CostCorrection;
import io.tollgrid.grid.ledger.CostCorrection.Outcome;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-rating's ledger half: a charged call's cost corrected once per change, by the difference, whatever re-runs,
 * crashes between the ledger and the CDR's rewrite, or concurrent re-rating jobs do (docs/rating.md, "Re-rating a
 * period").
 */
class CallCorrectionTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static Ignite server;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("correction-1");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("correction-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        admin.putTenant("tc", "Corrections", "tc-key-0123456789abcdef");
        admin.putRatePlan("tc-flat", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server.close();
    }

    private static String account(String balance, String credit) {
        String id = "tc-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("tc", id, "EUR", "tc-flat", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, Money.parse(balance).micros(), Money.parse(credit).micros(), 0));
        return id;
    }

    private static long balance(String id) {
        return admin.account(id).orElseThrow().balanceMicros();
    }

    private static long micros(String amount) {
        return Money.parse(amount).micros();
    }

    private static CostCorrection correct(String account, String call, boolean live, String from, String to) {
        return charging.correctCallCost(account, call, live, "EUR", micros(from), micros(to),
                System.currentTimeMillis(), "re-rated").join();
    }

    private static String posted(String account, String cost) {
        String call = "cdr:1764547200000:call-" + IDS.incrementAndGet();
        PostedCall post = charging.postImportedCall(account, null, call, "EUR", micros(cost),
                System.currentTimeMillis(), "imported", false).join();
        assertEquals(PostedCall.Outcome.POSTED, post.outcome());
        return call;
    }

    @Test
    void aPostedCallIsCorrectedByTheDifferenceOncePerChange() {
        String account = account("10.00", "0");
        String call = posted(account, "1.000000");
        assertEquals(micros("9.00"), balance(account));

        CostCorrection rise = correct(account, call, false, "1.000000", "1.500000");
        assertEquals(Outcome.CORRECTED, rise.outcome());
        assertEquals(micros("1.000000"), rise.ledgerCostMicros());
        assertEquals(-micros("0.500000"), rise.transfer().amountMicros());
        assertEquals(micros("1.500000"), rise.transfer().callCostMicros());
        assertEquals(TransferKind.CORRECTION, rise.transfer().kind());
        assertEquals(CostCorrection.correctionId(call, 1), rise.transfer().transferId());
        assertEquals(micros("8.50"), balance(account));

        // The same re-rating again, and again as if the CDR's rewrite had been lost in a crash: nothing moves.
        assertEquals(Outcome.REPLAY, correct(account, call, false, "1.500000", "1.500000").outcome());
        assertEquals(Outcome.REPLAY, correct(account, call, false, "1.000000", "1.500000").outcome());
        assertEquals(micros("8.50"), balance(account));

        CostCorrection cut = correct(account, call, false, "1.500000", "0.800000");
        assertEquals(Outcome.CORRECTED, cut.outcome());
        assertEquals(micros("0.700000"), cut.transfer().amountMicros());
        assertEquals(micros("9.20"), balance(account));

        // A CDR that says another cost than the ledger holds is refused, changing nothing.
        CostCorrection stale = correct(account, call, false, "1.500000", "2.000000");
        assertEquals(Outcome.COST_MISMATCH, stale.outcome());
        assertEquals(micros("0.800000"), stale.ledgerCostMicros());
        assertEquals(micros("9.20"), balance(account));

        // The journal explains the balance: opening, the charge, both corrections.
        long journal = admin.transfersOf(account).stream().mapToLong(Transfer::amountMicros).sum();
        assertEquals(micros("10.00") + journal, balance(account));
        assertEquals(3, admin.transfersOf(account).size());
    }

    @Test
    void aCallChargedAtItsStopStartsFromItsCdrsCost() {
        String account = account("10.00", "0");
        String call = "cdr:1764547200000:live-" + IDS.incrementAndGet();
        assertEquals(Outcome.CORRECTED, correct(account, call, true, "2.000000", "2.500000").outcome());
        assertEquals(micros("9.50"), balance(account));
        // Re-run before the CDR was rewritten: the ledger holds the call at 2.50 now, whatever the CDR says.
        assertEquals(Outcome.REPLAY, correct(account, call, true, "2.000000", "2.500000").outcome());
        assertEquals(Outcome.COST_MISMATCH, correct(account, call, true, "2.000000", "3.000000").outcome());
        assertEquals(Outcome.CORRECTED, correct(account, call, true, "2.500000", "1.000000").outcome());
        assertEquals(micros("11.00"), balance(account));
    }

    @Test
    void nothingMovesForACallNeverChargedOrABadRequest() {
        String account = account("10.00", "0");
        String call = "cdr:1764547200000:history-only-" + IDS.incrementAndGet();
        assertEquals(Outcome.NOT_CHARGED, correct(account, call, false, "1.000000", "2.000000").outcome());
        assertEquals(Outcome.ACCOUNT_UNKNOWN, correct("tc-nobody", call, true, "1.000000", "2.000000").outcome());
        assertEquals(Outcome.CURRENCY_MISMATCH, charging.correctCallCost(account, call, true, "USD", 1, 2, 0, "")
                .join().outcome());
        assertEquals(Outcome.INVALID_AMOUNT, charging.correctCallCost(account, call, true, "EUR", 1, -2, 0, "")
                .join().outcome());
        // A transfer id that is no call's charge (a top-up) is not a call to correct.
        String topup = "topup-" + IDS.incrementAndGet();
        charging.transfer(account, topup, TransferKind.TOPUP, micros("1.00"), System.currentTimeMillis(), "").join();
        assertEquals(Outcome.NOT_CHARGED, correct(account, topup, true, "1.000000", "2.000000").outcome());
        assertEquals(micros("11.00"), balance(account));
        assertEquals(1, admin.transfersOf(account).size());
    }

    @Test
    void aRiseIsChargedInFullPastTheCreditLimitAndFlagged() {
        String account = account("1.00", "0");
        String call = posted(account, "0.900000");
        CostCorrection rise = correct(account, call, false, "0.900000", "3.000000");
        assertEquals(Outcome.CORRECTED, rise.outcome());
        assertTrue(rise.overCreditLimit());
        assertTrue(rise.transfer().note().endsWith("[over credit limit]"), rise.transfer().note());
        assertEquals(micros("-2.00"), balance(account));
        CostCorrection back = correct(account, call, false, "3.000000", "0.500000");
        assertFalse(back.overCreditLimit());
        assertEquals(micros("0.50"), balance(account));
    }

    @Test
    void aCallIsCorrectedAtMostSixteenTimes() {
        String account = account("100.00", "0");
        String call = posted(account, "1.000000");
        String cost = "1.000000";
        for (int i = 1; i <= CostCorrection.MAX_CORRECTIONS; i++) {
            String next = i % 2 == 1 ? "2.000000" : "1.000000";
            assertEquals(Outcome.CORRECTED, correct(account, call, false, cost, next).outcome(), "correction " + i);
            cost = next;
        }
        assertEquals(Outcome.TOO_MANY_CORRECTIONS, correct(account, call, false, cost, "3.000000").outcome());
        assertEquals(micros("99.00"), balance(account));
    }

    @Test
    void concurrentReratingsOfOneCallMoveMoneyOnce() {
        String account = account("10.00", "0");
        String call = posted(account, "1.000000");
        List<CompletableFuture<CostCorrection>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(CompletableFuture.supplyAsync(() -> correct(account, call, false, "1.000000", "1.250000")));
        }
        long corrected = all.stream().map(CompletableFuture::join).filter(c -> c.outcome() == Outcome.CORRECTED).count();
        assertEquals(1, corrected);
        assertTrue(all.stream().map(CompletableFuture::join).allMatch(
                c -> c.outcome() == Outcome.CORRECTED || c.outcome() == Outcome.REPLAY));
        assertEquals(micros("8.75"), balance(account));
    }
}
