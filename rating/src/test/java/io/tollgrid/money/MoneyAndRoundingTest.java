package io.tollgrid.money;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MoneyAndRoundingTest {
    @Test
    void parsesAndPrintsSixDecimals() {
        assertEquals(12_500_000, Money.parse("12.5").micros());
        assertEquals(-1, Money.parse("-0.000001").micros());
        assertEquals("10.250000", Money.parse("10.25").toPlainString());
    }

    @Test
    void refusesSevenDecimalsInsteadOfRounding() {
        assertThrows(IllegalArgumentException.class, () -> Money.parse("0.0000001"));
        assertThrows(IllegalArgumentException.class, () -> Money.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> Money.parse(" "));
    }

    @Test
    void arithmeticIsExactAndOverflowIsAnError() {
        assertEquals(Money.parse("0.3"), Money.parse("0.1").plus(Money.parse("0.2")));
        assertEquals(Money.parse("-0.1"), Money.parse("0.1").minus(Money.parse("0.2")));
        assertThrows(ArithmeticException.class, () -> Money.ofMicros(Long.MAX_VALUE).plus(Money.ofMicros(1)));
    }

    @Test
    void eachRoundingModeRoundsAFractionItsOwnWay() {
        // 7 / 2 = 3.5, 5 / 2 = 2.5, -7 / 2 = -3.5, 10 / 3 = 3.33
        assertEquals(4, Rounding.UP.divide(7, 2));
        assertEquals(3, Rounding.DOWN.divide(7, 2));
        assertEquals(4, Rounding.HALF_UP.divide(7, 2));
        assertEquals(4, Rounding.HALF_EVEN.divide(7, 2));
        assertEquals(3, Rounding.HALF_UP.divide(5, 2));
        assertEquals(2, Rounding.HALF_EVEN.divide(5, 2));
        assertEquals(-3, Rounding.DOWN.divide(-7, 2));
        assertEquals(-4, Rounding.HALF_UP.divide(-7, 2));
        assertEquals(-3, Rounding.UP.divide(-7, 2));
        assertEquals(3, Rounding.HALF_UP.divide(10, 3));
        assertEquals(4, Rounding.UP.divide(10, 3));
        assertEquals(5, Rounding.HALF_EVEN.divide(10, 2));
    }

    @Test
    void roundsMicrosToTheCurrencyQuantum() {
        long cent = new CurrencyPrecision(2).quantumMicros();
        assertEquals(10_000, cent);
        assertEquals(1, new CurrencyPrecision(6).quantumMicros());
        assertEquals(1_000_000, new CurrencyPrecision(0).quantumMicros());
        assertEquals(80_000, Rounding.UP.toQuantum(72_000, cent));
        assertEquals(70_000, Rounding.DOWN.toQuantum(72_000, cent));
        assertEquals(80_000, Rounding.HALF_UP.toQuantum(75_000, cent));
        assertEquals(80_000, Rounding.HALF_EVEN.toQuantum(75_000, cent));
        assertEquals(20_000, Rounding.HALF_EVEN.toQuantum(25_000, cent));
        assertThrows(IllegalArgumentException.class, () -> new CurrencyPrecision(7));
    }

    @Test
    void percentagesAreExactPartsPerMillion() {
        Percentage twelveAndAHalf = Percentage.parse("12.5");
        assertEquals(125_000, twelveAndAHalf.ppm());
        assertEquals("12.5", twelveAndAHalf.toPlainString());
        assertEquals(12_500, twelveAndAHalf.of(100_000, Rounding.UP));
        assertEquals(2, twelveAndAHalf.of(10, Rounding.UP)); // 1.25 micro
        assertEquals(1, twelveAndAHalf.of(10, Rounding.DOWN));
        assertThrows(IllegalArgumentException.class, () -> Percentage.parse("1.00001"));
        assertThrows(IllegalArgumentException.class, () -> Percentage.parse("-1"));
    }
}
