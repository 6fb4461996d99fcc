package io.tollgrid.grid.account;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Account#importedCallPosted}: an imported call's cost leaves the balance whatever the limits (CHARGE_AND_FLAG),
 * and counts in the spend of its own UTC day only when that is the day the account counts now or a later one.
 */
class ImportedCallPostingTest {
    private static final long DAY = 20_470; // 2026-01-17

    /** 1.00 on the account, 0.50 credit, daily cap 0.30, alert under 0.80. */
    private static Account account() {
        return Account.open("t1", "a1", "EUR", "plan", PayType.POSTPAID, ReservationStrategy.FULL,
                new AccountLimits(0, 0, 0, 0, 300_000, 300), 1_000_000, 500_000, 800_000);
    }

    @Test
    void aPostedCallIsChargedInFullPastTheCreditLimitAndTheDailyCap() {
        Account after = account().importedCallPosted(1_700_000, DAY);
        assertEquals(-700_000, after.balanceMicros());
        assertEquals(-200_000, after.availableMicros(), "past the credit limit: charged all the same");
        assertEquals(1_700_000, after.spentOnMicros(DAY), "past the daily cap: counted all the same");
        assertEquals(0, after.dailyCapRemainingMicros(DAY), "so the day's next authorise finds no cap left");
        assertTrue(after.crossedLowBalanceFrom(account()));
    }

    @Test
    void theSpendCountsOnTheCallsDayWhenItIsTheCurrentOneOrLater() {
        Account today = account().importedCallPosted(100_000, DAY).importedCallPosted(50_000, DAY);
        assertEquals(150_000, today.spentOnMicros(DAY));
        // A call of the day before: the balance moves, the current day's spend does not, and no older day is kept.
        Account older = today.importedCallPosted(70_000, DAY - 1);
        assertEquals(780_000, older.balanceMicros());
        assertEquals(150_000, older.spentOnMicros(DAY));
        assertEquals(0, older.spentOnMicros(DAY - 1));
        // A call of the next day starts that day's count.
        Account next = older.importedCallPosted(20_000, DAY + 1);
        assertEquals(20_000, next.spentOnMicros(DAY + 1));
        assertEquals(0, next.spentOnMicros(DAY));
    }

    @Test
    void onlyAPositiveCostIsPostedAndNothingElseChanges() {
        assertThrows(IllegalStateException.class, () -> account().importedCallPosted(0, DAY));
        assertThrows(IllegalStateException.class, () -> account().importedCallPosted(-1, DAY));
        Account after = account().importedCallPosted(10_000, DAY);
        assertEquals(0, after.reservedMicros());
        assertEquals(0, after.activeCalls());
        assertEquals(500_000, after.creditLimitMicros());
        assertFalse(after.lowBalanceAlerted());
    }
}
