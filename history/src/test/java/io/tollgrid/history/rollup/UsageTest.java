package io.tollgrid.history.rollup;

import io.tollgrid.money.Money;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ASR, ACD and NER as reports show them, with their named roundings, worked by hand. */
class UsageTest {
    private static Usage usage(long calls, long answered, long answeredSeconds) {
        return new Usage(calls, answered, answeredSeconds, answeredSeconds, Money.ZERO, answeredSeconds, Money.ZERO);
    }

    @Test
    void asrIsTheShareOfCallsAnsweredInTenthsOfAPercentRoundedHalfUp() {
        assertEquals("83.3", usage(6, 5, 600).asrPercent(), "5/6 = 83.33...%");
        assertEquals("66.7", usage(3, 2, 60).asrPercent(), "2/3 = 66.66...%");
        assertEquals("0.1", usage(2000, 1, 60).asrPercent(), "1/2000 = 0.05%: the tie goes up");
        assertEquals("0.0", usage(2001, 1, 60).asrPercent(), "1/2001 = 0.0499...%");
        assertEquals("100.0", usage(4, 4, 60).asrPercent());
        assertEquals("0.0", usage(4, 0, 0).asrPercent());
        assertNull(Usage.NONE.asrPercent(), "no call, no ratio");
    }

    @Test
    void acdIsTheAverageAnsweredCallInWholeSecondsRoundedHalfUp() {
        assertEquals(138, usage(6, 5, 690).acdSeconds(), "690 / 5");
        assertEquals(2, usage(2, 2, 3).acdSeconds(), "1.5 s: the tie goes up");
        assertEquals(1, usage(3, 3, 4).acdSeconds(), "1.33 s");
        assertEquals(0, usage(3, 0, 0).acdSeconds(), "no answered call");
    }

    private static Usage ner(long calls, long known, long effective) {
        return new Usage(calls, 0, 0, 0, Money.ZERO, 0, Money.ZERO, Money.ZERO, Money.ZERO, known, effective);
    }

    @Test
    void nerIsTheShareOfCallsOfKnownOutcomeTheNetworkDeliveredInTenthsOfAPercentRoundedHalfUp() {
        assertEquals("97.5", ner(40, 40, 39).nerPercent(), "39/40 = 97.5%");
        assertEquals("66.7", ner(5, 3, 2).nerPercent(), "2/3 = 66.66...%: calls of unknown outcome are left out");
        assertEquals("0.1", ner(2000, 2000, 1).nerPercent(), "1/2000 = 0.05%: the tie goes up");
        assertEquals("0.0", ner(2001, 2001, 1).nerPercent(), "1/2001 = 0.0499...%");
        assertNull(ner(3, 0, 0).nerPercent(), "no call of known outcome, no ratio");
        assertThrows(IllegalArgumentException.class, () -> ner(2, 1, 2), "more effective calls than known ones");
        assertThrows(IllegalArgumentException.class, () -> ner(1, 2, 0), "more known calls than calls");
    }

    @Test
    void aCdrCountsForNerByItsAnswerOrItsCause() {
        // Answered (whatever the cause), busy 17, no answer 19, rejected 21, cancelled 16: the network delivered them.
        // Congestion 34, temporary failure 41, unallocated 1: it did not. Cause 0 (unknown) is left out.
        int[][] calls = {{1, 0}, {0, 17}, {0, 19}, {0, 21}, {0, 16}, {0, 18}, {0, 34}, {0, 41}, {0, 1}, {0, 0}, {1, 41}};
        Usage sum = Usage.NONE;
        for (int[] call : calls) {
            sum = sum.plus(Usage.of(cdr(call[0] == 1, call[1])));
        }
        assertEquals(11, sum.calls());
        assertEquals(10, sum.nerCalls(), "all but the unanswered call of unknown cause");
        assertEquals(7, sum.networkEffective(), "two answered and five user-side causes");
        assertEquals("70.0", sum.nerPercent());
        assertEquals("18.2", sum.asrPercent(), "2/11 = 18.18...%");
    }

    private static io.tollgrid.history.RatedCdr cdr(boolean answered, int cause) {
        java.time.Instant start = java.time.Instant.parse("2026-12-05T10:00:00Z");
        return new io.tollgrid.history.RatedCdr("t", "a", "c", "1001", "442071234567", start,
                answered ? start.plusSeconds(2) : null, start.plusSeconds(answered ? 62 : 5), answered ? 60 : 0,
                answered ? 60 : 0, answered ? "ANSWERED" : "NO_ANSWER", "flat", Money.ZERO, "EUR", "test", "raw",
                null, null, false, "carrier-a", null, null, null, null, null, null, null, cause);
    }

    @Test
    void theAveragePostDialDelayIsOfTheCallsThatHaveOneInWholeMillisecondsRoundedHalfUp() {
        Usage none = new Usage(3, 1, 60, 60, Money.ZERO, 60, Money.ZERO, Money.ZERO, Money.ZERO, 3, 3, 0, 0);
        assertNull(none.pddAverageMillis(), "no call with a post-dial delay");
        Usage two = new Usage(3, 1, 60, 60, Money.ZERO, 60, Money.ZERO, Money.ZERO, Money.ZERO, 3, 3, 2, 3_001);
        assertEquals(1_501, two.pddAverageMillis(), "3001 / 2 = 1500.5: the tie goes up; the third call is left out");
        Usage three = new Usage(3, 1, 60, 60, Money.ZERO, 60, Money.ZERO, Money.ZERO, Money.ZERO, 3, 3, 3, 3_001);
        assertEquals(1_000, three.pddAverageMillis(), "3001 / 3 = 1000.33");
        assertThrows(IllegalArgumentException.class, () -> new Usage(1, 0, 0, 0, Money.ZERO, 0, Money.ZERO, Money.ZERO,
                Money.ZERO, 0, 0, 2, 10), "more calls with a delay than calls");
        assertEquals(1_000, Usage.of(cdr(false, 17).withPdd(1_000)).pddMillis());
        assertEquals(0, Usage.of(cdr(false, 17)).pddCalls(), "a CDR without a delay adds no call to the average");
    }

    @Test
    void theSumKeepsTheRatiosOfItsParts() {
        Usage sum = usage(2, 1, 100).plus(usage(2, 2, 50));
        assertEquals("75.0", sum.asrPercent());
        assertEquals(50, sum.acdSeconds());
        assertThrows(IllegalArgumentException.class, () -> usage(1, 2, 0), "more answered than calls");
    }
}
