package io.tollgrid.money;

import java.math.BigDecimal;

/**
 * An exact percentage held as parts per million of the whole (12.5% is 125_000), so markups and
 * discounts never pass through a double.
 */
public record Percentage(long ppm) {
    public static final long WHOLE = 1_000_000L;
    public static final Percentage ZERO = new Percentage(0);

    public Percentage {
        if (ppm < 0 || ppm > 100 * WHOLE) {
            throw new IllegalArgumentException("percentage must be between 0 and 10000%: " + ppm + " ppm");
        }
    }

    /** Parses "12.5" as 12.5%; at most four decimals, never rounded. */
    public static Percentage parse(String percent) {
        if (percent == null || percent.isBlank()) {
            throw new IllegalArgumentException("percentage is empty");
        }
        try {
            BigDecimal value = new BigDecimal(percent.trim()).movePointRight(4);
            return new Percentage(value.setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("percentage is not a decimal number: " + percent);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("percentage has more than 4 decimals or is too large: " + percent);
        }
    }

    /** This percentage of an amount of micros, rounded to whole micros by the named rule. */
    public long of(long micros, Rounding rounding) {
        return rounding.divide(Math.multiplyExact(micros, ppm), WHOLE);
    }

    public boolean isZero() {
        return ppm == 0;
    }

    /** "12.5" for 12.5%: the CSV and display form. */
    public String toPlainString() {
        return BigDecimal.valueOf(ppm, 4).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return toPlainString() + "%";
    }
}
