package io.tollgrid.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of money as a count of micro-units (1e-6 of the currency unit). The currency is
 * carried by the account, not by every amount, so the hot path moves plain longs.
 */
public record Money(long micros) implements Comparable<Money>, java.io.Serializable {
    public static final int SCALE = 6;
    public static final long MICROS_PER_UNIT = 1_000_000L;
    public static final Money ZERO = new Money(0);

    public static Money ofMicros(long micros) {
        return micros == 0 ? ZERO : new Money(micros);
    }

    /** Parses a decimal string such as "12.5" or "-0.000001"; more than six decimals is an error, never rounded. */
    public static Money parse(String decimal) {
        if (decimal == null || decimal.isBlank()) {
            throw new IllegalArgumentException("amount is empty");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(decimal.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount is not a decimal number: " + decimal);
        }
        try {
            return ofMicros(value.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount has more than " + SCALE + " decimals or is too large: " + decimal);
        }
    }

    public Money plus(Money other) {
        return ofMicros(Math.addExact(micros, other.micros));
    }

    public Money minus(Money other) {
        return ofMicros(Math.subtractExact(micros, other.micros));
    }

    public Money negate() {
        return ofMicros(Math.negateExact(micros));
    }

    public boolean isNegative() {
        return micros < 0;
    }

    public boolean isGreaterThan(Money other) {
        return micros > other.micros;
    }

    public static Money min(Money a, Money b) {
        return a.micros <= b.micros ? a : b;
    }

    public static Money max(Money a, Money b) {
        return a.micros >= b.micros ? a : b;
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(micros, SCALE);
    }

    /** The wire form: a plain decimal string with all six decimals, e.g. "10.250000". */
    public String toPlainString() {
        return toBigDecimal().toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(micros, other.micros);
    }

    @Override
    public String toString() {
        return toPlainString();
    }
}
