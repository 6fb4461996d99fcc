package io.tollgrid.rating.deck;

import io.tollgrid.money.Money;
import io.tollgrid.money.Rounding;
import org.junit.jupiter.api.Test;

import static io.tollgrid.rating.deck.Decks.WEDNESDAY_NOON;
import static io.tollgrid.rating.deck.Decks.micros;
import static io.tollgrid.rating.deck.Decks.perMinute;
import static io.tollgrid.rating.deck.Decks.plan;
import static io.tollgrid.rating.deck.Decks.pulse;
import static io.tollgrid.rating.deck.Decks.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TariffPricingTest {
    private static long cost(Rate rate, long seconds) {
        return rate.cost(WEDNESDAY_NOON, seconds);
    }

    private static long max(Rate rate, String funds) {
        return rate.maxDurationSeconds(WEDNESDAY_NOON, micros(funds));
    }

    @Test
    void sixtySixtyBillsWholeMinutesPlusConnectFee() {
        Rate rate = single(perMinute("0.10", "0.05", 60, 60));
        assertEquals(0, cost(rate, 0));
        assertEquals(micros("0.15"), cost(rate, 1));
        assertEquals(micros("0.15"), cost(rate, 60));
        assertEquals(micros("0.25"), cost(rate, 61));
        assertEquals(micros("0.35"), cost(rate, 180));
    }

    @Test
    void thirtySixBillsThirtyThenSixSecondBlocks() {
        Rate rate = single(plan("p", 6, Rounding.UP, RoundingScope.CALL), perMinute("0.12", "0", 30, 6));
        assertEquals(micros("0.06"), cost(rate, 1));
        assertEquals(micros("0.06"), cost(rate, 30));
        assertEquals(micros("0.072"), cost(rate, 31));
        assertEquals(micros("0.084"), cost(rate, 37));
    }

    @Test
    void oneOneBillsEverySecond() {
        Rate rate = single(plan("p", 6, Rounding.UP, RoundingScope.CALL), perMinute("0.60", "0", 1, 1));
        assertEquals(micros("0.01"), cost(rate, 1));
        assertEquals(micros("0.61"), cost(rate, 61));
    }

    @Test
    void roundingPerCallRoundsTheExactSumOnce() {
        // 37 s at 30/6 bills 42 s of 0.12/min = 0.084 exactly
        assertEquals(micros("0.09"), cost(single(plan("p", 2, Rounding.UP, RoundingScope.CALL),
                perMinute("0.12", "0", 30, 6)), 37));
        assertEquals(micros("0.08"), cost(single(plan("p", 2, Rounding.DOWN, RoundingScope.CALL),
                perMinute("0.12", "0", 30, 6)), 37));
    }

    @Test
    void roundingPerIncrementRoundsEachBlockBeforeAdding() {
        // 30 s = 0.06; each 6 s = 0.012, rounded up to 0.02; 37 s = 0.06 + 2 x 0.02
        Rate up = single(plan("p", 2, Rounding.UP, RoundingScope.INCREMENT), perMinute("0.12", "0", 30, 6));
        assertEquals(micros("0.10"), cost(up, 37));
        Rate down = single(plan("p", 2, Rounding.DOWN, RoundingScope.INCREMENT), perMinute("0.12", "0", 30, 6));
        assertEquals(micros("0.08"), cost(down, 37)); // 0.06 + 2 x 0.01
    }

    @Test
    void halfModesDifferOnlyOnTies() {
        // 0.125/min at 1/1: 12 s = 0.025 (a tie), 36 s = 0.075 (a tie), 13 s = 0.027083
        for (Rounding mode : Rounding.values()) {
            Rate rate = single(plan("p", 2, mode, RoundingScope.CALL), perMinute("0.125", "0", 1, 1));
            long twelve = cost(rate, 12);
            long thirtySix = cost(rate, 36);
            long thirteen = cost(rate, 13);
            switch (mode) {
                case UP -> assertAll3(mode, twelve, "0.03", thirtySix, "0.08", thirteen, "0.03");
                case DOWN -> assertAll3(mode, twelve, "0.02", thirtySix, "0.07", thirteen, "0.02");
                case HALF_UP -> assertAll3(mode, twelve, "0.03", thirtySix, "0.08", thirteen, "0.03");
                case HALF_EVEN -> assertAll3(mode, twelve, "0.02", thirtySix, "0.08", thirteen, "0.03");
            }
        }
    }

    private static void assertAll3(Rounding mode, long a, String ea, long b, String eb, long c, String ec) {
        assertEquals(micros(ea), a, mode + " 12 s");
        assertEquals(micros(eb), b, mode + " 36 s");
        assertEquals(micros(ec), c, mode + " 13 s");
    }

    @Test
    void minimumDurationBillsShortCallsAsTheMinimum() {
        Rate rate = single(perMinute("0.60", "0", 1, 1).withMinimum(30));
        assertEquals(micros("0.30"), cost(rate, 10));
        assertEquals(micros("0.30"), cost(rate, 30));
        assertEquals(micros("0.45"), cost(rate, 45));
    }

    @Test
    void callsWithinTheGracePeriodAreFreeAndLongerOnesPayFromTheFirstSecond() {
        Rate rate = single(perMinute("0.60", "0.10", 1, 1).withGrace(5));
        assertEquals(0, cost(rate, 5));
        assertEquals(micros("0.16"), cost(rate, 6));
    }

    @Test
    void pulseTablesChargeEachStartedPulse() {
        Rate rate = single(pulse("0.05", 20));
        assertEquals(micros("0.05"), cost(rate, 1));
        assertEquals(micros("0.05"), cost(rate, 20));
        assertEquals(micros("0.10"), cost(rate, 21));
        assertEquals(micros("0.20"), cost(rate, 61));
    }

    @Test
    void maxDurationStopsAtTheLastAffordableIncrement() {
        Rate sixty = single(perMinute("0.10", "0.05", 60, 60));
        assertEquals(540, max(sixty, "1.00"));   // 0.15 + 8 x 0.10 = 0.95
        assertEquals(540, max(sixty, "1.04"));
        assertEquals(600, max(sixty, "1.05"));
        assertEquals(0, max(sixty, "0.14"));
        assertEquals(0, max(sixty, "-1"));
    }

    @Test
    void maxDurationFollowsRoundingScope() {
        // 30 s = 0.06, then 0.012 per 6 s exact, or 0.02 per 6 s rounded per increment
        assertEquals(48, max(single(plan("p", 6, Rounding.UP, RoundingScope.CALL),
                perMinute("0.12", "0", 30, 6)), "0.10"));
        assertEquals(48, max(single(plan("p", 2, Rounding.UP, RoundingScope.CALL),
                perMinute("0.12", "0", 30, 6)), "0.10"));
        assertEquals(42, max(single(plan("p", 2, Rounding.UP, RoundingScope.INCREMENT),
                perMinute("0.12", "0", 30, 6)), "0.10"));
        // DOWN per call: 54 s is 0.108 which rounds down to 0.10, still affordable; 60 s = 0.12 is not
        assertEquals(54, max(single(plan("p", 2, Rounding.DOWN, RoundingScope.CALL),
                perMinute("0.12", "0", 30, 6)), "0.10"));
    }

    @Test
    void maxDurationHonoursMinimumAndGrace() {
        Rate minimum = single(plan("p", 6, Rounding.UP, RoundingScope.CALL),
                perMinute("0.60", "0", 1, 1).withMinimum(30));
        assertEquals(0, max(minimum, "0.29"));
        assertEquals(30, max(minimum, "0.30"));
        assertEquals(30, max(minimum, "0.305"));
        assertEquals(31, max(minimum, "0.31"));
        Rate grace = single(perMinute("0.60", "0.10", 1, 1).withGrace(5));
        assertEquals(5, max(grace, "0"));
        assertEquals(6, max(grace, "0.16"));
    }

    @Test
    void freeRatesAreCappedByTheMaxGrant() {
        assertEquals(4 * 3600, max(single(perMinute("0", "0", 60, 60)), "0"));
        assertEquals(4 * 3600, max(single(perMinute("0.01", "0", 60, 60)), "1000"));
    }

    @Test
    void deniedRatesCannotBePriced() {
        RateDeck deck = new DeckBuilder(1).plan(plan("p"), "plans").build();
        Rate none = deck.plan("p").find("x", "44", WEDNESDAY_NOON);
        assertThrows(IllegalStateException.class, () -> none.cost(WEDNESDAY_NOON, 10));
        assertThrows(IllegalArgumentException.class, () -> single(perMinute("1", "0", 1, 1)).cost(WEDNESDAY_NOON, -1));
        assertEquals(Money.parse("0.15"), single(perMinute("0.10", "0.05", 60, 60))
                .cost(java.time.Instant.ofEpochSecond(WEDNESDAY_NOON), 1));
    }
}
