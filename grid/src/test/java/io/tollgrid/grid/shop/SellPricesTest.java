package io.tollgrid.grid.shop;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shop's sell prices: longest prefix, markup rounded CENT_HALF_UP, fixed price per started minute. */
class SellPricesTest {
    private static final List<SellRule> RULES = List.of(
            SellRule.markup("", 2_500),          // default: +25%
            SellRule.markup("44", 5_000),        // UK: +50%
            SellRule.fixed("447", 120_000));     // UK mobiles: 0.12 per started minute

    @Test
    void theLongestMatchingPrefixWins() {
        assertEquals("447", SellPrices.ruleFor(RULES, "447700900123").prefix());
        assertEquals("44", SellPrices.ruleFor(RULES, "+442071234567").prefix());
        assertEquals("", SellPrices.ruleFor(RULES, "359888123456").prefix());
        assertNull(SellPrices.ruleFor(List.of(SellRule.markup("1", 0)), "44"));
    }

    @Test
    void aMarkupIsRoundedToTheCentHalfUp() {
        assertEquals("CENT_HALF_UP", SellPrices.MARKUP_ROUNDING);
        // 0.037 + 25% = 0.04625 -> 0.05
        assertEquals(50_000, SellPrices.sellMicros(RULES, "359", 60, 37_000));
        // 0.010 + 25% = 0.0125 -> 0.01 (below the half cent)
        assertEquals(10_000, SellPrices.sellMicros(RULES, "359", 60, 10_000));
        // 0.012 + 25% = 0.015 -> 0.02 (exactly half: up)
        assertEquals(20_000, SellPrices.sellMicros(RULES, "359", 60, 12_000));
        // 0.011999 + 25% = 0.01499875 -> 0.01 (just below half)
        assertEquals(10_000, SellPrices.sellMicros(RULES, "359", 60, 11_999));
        // UK +50%: 0.033 -> 0.0495 -> 0.05
        assertEquals(50_000, SellPrices.sellMicros(RULES, "4420", 60, 33_000));
        assertEquals(0, SellPrices.sellMicros(RULES, "359", 0, 0));
        assertEquals(10_000, SellPrices.centHalfUp(new BigDecimal("5000")));
        assertEquals(0, SellPrices.centHalfUp(new BigDecimal("4999.999")));
    }

    @Test
    void aFixedPriceIsPerStartedMinuteOfTheAnsweredTime() {
        assertEquals(0, SellPrices.sellMicros(RULES, "4477", 0, 0));
        assertEquals(120_000, SellPrices.sellMicros(RULES, "4477", 1, 1_000));
        assertEquals(120_000, SellPrices.sellMicros(RULES, "4477", 60, 1_000));
        assertEquals(240_000, SellPrices.sellMicros(RULES, "4477", 61, 1_000));
    }

    @Test
    void withoutARuleACallSellsAtItsCostRoundedTheSameWay() {
        assertEquals(40_000, SellPrices.sellMicros(List.of(), "359", 60, 37_000));
    }

    @Test
    void badRulesAndNegativeInputAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SellRule.markup("44a", 100));
        assertThrows(IllegalArgumentException.class, () -> SellRule.markup("44", -1));
        assertThrows(IllegalArgumentException.class, () -> SellRule.markup("44", SellRule.MAX_MARKUP_BASIS_POINTS + 1));
        assertThrows(IllegalArgumentException.class, () -> SellRule.fixed("44", -1));
        assertThrows(IllegalArgumentException.class, () -> SellPrices.sellMicros(RULES, "44", -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Shop("t", List.of("b1"),
                List.of(SellRule.markup("44", 1), SellRule.fixed("44", 1))));
        assertThrows(IllegalArgumentException.class, () -> new Shop("t", List.of("b1", "b1"), List.of()));
    }
}
