package io.tollgrid.rating;

import io.tollgrid.money.Money;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlatRateTest {
    private final FlatRate thirtySix = new FlatRate(Money.parse("0.12"), Money.parse("0.05"), 30, 6);

    @Test
    void billsWholeIncrementsInitialThenSubsequent() {
        assertEquals(0, thirtySix.billedSeconds(0));
        assertEquals(30, thirtySix.billedSeconds(1));
        assertEquals(30, thirtySix.billedSeconds(30));
        assertEquals(36, thirtySix.billedSeconds(31));
        assertEquals(42, thirtySix.billedSeconds(37));
    }

    @Test
    void costIsConnectFeePlusBilledSecondsRoundedUpToTheMicro() {
        assertEquals(Money.ZERO, thirtySix.cost(0));
        assertEquals(Money.parse("0.11"), thirtySix.cost(30));     // 0.05 + 0.06
        assertEquals(Money.parse("0.122"), thirtySix.cost(31));    // 0.05 + 0.072
        FlatRate third = new FlatRate(Money.parse("0.000001"), Money.ZERO, 1, 1);
        assertEquals(Money.ofMicros(1), third.cost(1));            // 1/60 micro rounds up to 1
    }

    @Test
    void maxDurationIsTheLastAffordableIncrementBoundary() {
        // 1.00 - 0.05 connect = 0.95; 30 s = 0.06, then 0.012 per 6 s: (0.95 - 0.06) / 0.012 = 74.17 -> 74
        assertEquals(30 + 74 * 6, thirtySix.maxDurationSeconds(Money.parse("1.00")));
        assertEquals(0, thirtySix.maxDurationSeconds(Money.parse("0.10")));
        assertEquals(FlatRate.MAX_GRANT_SECONDS,
                new FlatRate(Money.ZERO, Money.ZERO, 60, 60).maxDurationSeconds(Money.ZERO));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new FlatRate(Money.parse("-1"), Money.ZERO, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new FlatRate(Money.ZERO, Money.ZERO, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> thirtySix.billedSeconds(-1));
    }
}
