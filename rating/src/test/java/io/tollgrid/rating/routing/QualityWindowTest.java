package io.tollgrid.rating.routing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityWindowTest {
    @Test
    void aFullWindowDropsItsOldestOutcome() {
        QualityWindow window = QualityWindow.empty(3)
                .with(CallOutcome.answered(10))
                .with(CallOutcome.UNANSWERED)
                .with(CallOutcome.answered(20));

        QualityWindow next = window.with(CallOutcome.answered(50));

        assertEquals(List.of(CallOutcome.UNANSWERED, CallOutcome.answered(20), CallOutcome.answered(50)), next.outcomes());
        assertEquals(3, next.calls());
        assertEquals(2, next.answered());
        assertEquals(70, next.answeredSeconds());
        // The window it came from is unchanged.
        assertEquals(List.of(CallOutcome.answered(10), CallOutcome.UNANSWERED, CallOutcome.answered(20)), window.outcomes());
        assertEquals(30, window.answeredSeconds());
    }

    @Test
    void aWindowNeverHoldsMoreThanItsCapacity() {
        QualityWindow window = QualityWindow.empty(QualityWindow.DEFAULT_CAPACITY);
        for (int i = 0; i < 250; i++) {
            window = window.with(i % 2 == 0 ? CallOutcome.answered(i) : CallOutcome.UNANSWERED);
        }

        assertEquals(100, window.calls());
        assertEquals(50, window.answered());
        // The last 100 of 250 calls are 150..249; the answered ones are the even ones, 150 + 152 + ... + 248.
        assertEquals(50 * (150 + 248) / 2, window.answeredSeconds());
        assertThrows(IllegalArgumentException.class, () -> QualityWindow.empty(QualityWindow.MAX_CAPACITY + 1));
        assertThrows(IllegalArgumentException.class, () -> new QualityWindow(1, List.of(CallOutcome.UNANSWERED, CallOutcome.UNANSWERED)));
        assertThrows(IllegalArgumentException.class, () -> new CallOutcome(false, 5));
    }

    @Test
    void thresholdsCompareExactlyWithoutRounding() {
        // ASR 1/3 against 0.333333: 1 * 1,000,000 >= 333,333 * 3 = 999,999, so it passes; against 1/3 exactly it passes too.
        QualityWindow oneInThree = QualityWindow.empty(10).with(CallOutcome.answered(31))
                .with(CallOutcome.UNANSWERED).with(CallOutcome.UNANSWERED);
        QualityThreshold justBelowAThird = new QualityThreshold(Fraction.parse("0.333333"), Fraction.ZERO, 3);
        QualityThreshold aThird = new QualityThreshold(new Fraction(1, 3), Fraction.ZERO, 3);
        QualityThreshold justAboveAThird = new QualityThreshold(Fraction.parse("0.333334"), Fraction.ZERO, 3);

        assertTrue(justBelowAThird.accepts(oneInThree));
        assertTrue(aThird.accepts(oneInThree));
        assertFalse(justAboveAThird.accepts(oneInThree));
        // ACD 31 s: 30.5 passes, 31.000001 does not.
        assertTrue(new QualityThreshold(Fraction.ZERO, Fraction.parse("30.5"), 1).accepts(oneInThree));
        assertFalse(new QualityThreshold(Fraction.ZERO, Fraction.parse("31.000001"), 1).accepts(oneInThree));
    }

    @Test
    void noAnsweredCallsMeansAnAcdOfZero() {
        QualityWindow failures = QualityWindow.empty(5).with(CallOutcome.UNANSWERED).with(CallOutcome.UNANSWERED);

        assertFalse(new QualityThreshold(Fraction.ZERO, Fraction.parse("1"), 2).accepts(failures));
        assertTrue(new QualityThreshold(Fraction.ZERO, Fraction.ZERO, 2).accepts(failures));
    }

    @Test
    void fractionsParseDecimalsAndRefuseTheRest() {
        assertEquals(new Fraction(450_000, 1_000_000), Fraction.parse("0.45"));
        assertEquals("0.45", Fraction.parse("0.45").toPlainString());
        assertThrows(IllegalArgumentException.class, () -> Fraction.parse("-0.1"));
        assertThrows(IllegalArgumentException.class, () -> Fraction.parse("0.1234567"));
        assertThrows(IllegalArgumentException.class, () -> Fraction.parse("half"));
        assertThrows(IllegalArgumentException.class, () -> new QualityThreshold(Fraction.parse("1.5"), Fraction.ZERO, 1));
    }
}
