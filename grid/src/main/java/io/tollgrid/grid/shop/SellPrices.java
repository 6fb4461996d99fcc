package io.tollgrid.grid.shop;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * What a shop charges its customer for one finished call, from its sell rules: pure, exact (micros), with one named
 * rounding.
 *
 * <ul>
 *   <li>{@link SellRule.Kind#MARKUP}: cost x (1 + markup), rounded by {@link #MARKUP_ROUNDING}: to the whole cent,
 *       half up (0.0125 -> 0.01, 0.015 -> 0.02), since a shop takes cash and cannot hand out fractions of a cent.</li>
 *   <li>{@link SellRule.Kind#FIXED}: the price per started minute of the answered duration (61 s is two minutes);
 *       exact, no rounding. An unanswered call (0 s) costs nothing.</li>
 *   <li>No rule matching the callee: the call sells at its cost (markup 0), rounded the same way.</li>
 * </ul>
 */
public final class SellPrices {
    /** The markup's rounding, by name: to the cent (10,000 micros), half up. */
    public static final String MARKUP_ROUNDING = "CENT_HALF_UP";
    static final long CENT_MICROS = 10_000;

    private SellPrices() {
    }

    /** The rule for a callee: the longest prefix that matches, or null when none does. */
    public static SellRule ruleFor(List<SellRule> rules, String callee) {
        String number = callee == null ? "" : callee.startsWith("+") ? callee.substring(1) : callee;
        SellRule best = null;
        for (SellRule rule : rules) {
            if (number.startsWith(rule.prefix()) && (best == null || rule.prefix().length() > best.prefix().length())) {
                best = rule;
            }
        }
        return best;
    }

    /** The sell price of a call, in micros. */
    public static long sellMicros(List<SellRule> rules, String callee, long durationSeconds, long costMicros) {
        if (durationSeconds < 0 || costMicros < 0) {
            throw new IllegalArgumentException("a call's duration and cost are never negative");
        }
        SellRule rule = ruleFor(rules, callee);
        if (rule != null && rule.kind() == SellRule.Kind.FIXED) {
            long minutes = (durationSeconds + 59) / 60;
            return Math.multiplyExact(minutes, rule.pricePerMinuteMicros());
        }
        long basisPoints = rule == null ? 0 : rule.markupBasisPoints();
        return centHalfUp(BigDecimal.valueOf(costMicros).multiply(BigDecimal.valueOf(10_000 + basisPoints))
                .divide(BigDecimal.valueOf(10_000)));
    }

    /** {@link #MARKUP_ROUNDING}: an exact amount of micros to the whole cent, half up. */
    static long centHalfUp(BigDecimal micros) {
        BigDecimal cents = micros.divide(BigDecimal.valueOf(CENT_MICROS)).setScale(0, RoundingMode.HALF_UP);
        return cents.longValueExact() * CENT_MICROS;
    }
}
