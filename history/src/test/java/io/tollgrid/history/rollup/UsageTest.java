package io.tollgrid.history.rollup;

import io.tollgrid.money.Money;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ASR and ACD as reports show them, with their named roundings, worked by hand. */
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

    @Test
    void theSumKeepsTheRatiosOfItsParts() {
        Usage sum = usage(2, 1, 100).plus(usage(2, 2, 50));
        assertEquals("75.0", sum.asrPercent());
        assertEquals(50, sum.acdSeconds());
        assertThrows(IllegalArgumentException.class, () -> usage(1, 2, 0), "more answered than calls");
    }
}
