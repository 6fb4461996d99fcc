package io.tollgrid.rating.routing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** An exact non-negative ratio, so quality thresholds compare without a double. */
public record Fraction(long numerator, long denominator) implements java.io.Serializable {
    public static final Fraction ZERO = new Fraction(0, 1);
    /** Six decimals are plenty for a ratio or a number of seconds, and keep every product inside a long. */
    private static final int MAX_DECIMALS = 6;

    public Fraction {
        if (numerator < 0 || denominator <= 0) {
            throw new IllegalArgumentException("a fraction needs a numerator >= 0 and a denominator > 0: "
                    + numerator + "/" + denominator);
        }
    }

    /** "0.45" is 45/100; at most six decimals, never rounded. */
    public static Fraction parse(String decimal) {
        if (decimal == null || decimal.isBlank()) {
            throw new IllegalArgumentException("threshold is empty");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(decimal.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold is not a decimal number: " + decimal);
        }
        if (value.signum() < 0 || value.scale() > MAX_DECIMALS || value.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw new IllegalArgumentException("threshold must be 0 to 1000000 with at most " + MAX_DECIMALS
                    + " decimals: " + decimal);
        }
        BigDecimal scaled = value.setScale(MAX_DECIMALS, RoundingMode.UNNECESSARY);
        return new Fraction(scaled.unscaledValue().longValueExact(), BigDecimal.ONE.movePointRight(MAX_DECIMALS).longValueExact());
    }

    /** True when part/whole >= this fraction; a whole of 0 counts as 0. */
    public boolean isAtMost(long part, long whole) {
        if (whole == 0) {
            return numerator == 0;
        }
        return Math.multiplyExact(part, denominator) >= Math.multiplyExact(numerator, whole);
    }

    /** The decimal form, e.g. "0.45". */
    public String toPlainString() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), MAX_DECIMALS, RoundingMode.DOWN)
                .stripTrailingZeros().toPlainString();
    }
}
