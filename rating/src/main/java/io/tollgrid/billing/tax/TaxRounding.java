package io.tollgrid.billing.tax;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Rounding;

import java.util.Objects;

/**
 * How tax is rounded to the currency's smallest unit: on each line, then summed (PER_LINE), or once on the
 * invoice's total (PER_INVOICE), by a named {@link Rounding} mode. Its name says both: {@code PER_LINE_HALF_UP}.
 */
public record TaxRounding(Scope scope, Rounding mode) {
    public enum Scope { PER_LINE, PER_INVOICE }

    public static final TaxRounding PER_LINE_HALF_UP = new TaxRounding(Scope.PER_LINE, Rounding.HALF_UP);
    public static final TaxRounding PER_LINE_HALF_EVEN = new TaxRounding(Scope.PER_LINE, Rounding.HALF_EVEN);
    public static final TaxRounding PER_INVOICE_HALF_UP = new TaxRounding(Scope.PER_INVOICE, Rounding.HALF_UP);
    public static final TaxRounding PER_INVOICE_HALF_EVEN = new TaxRounding(Scope.PER_INVOICE, Rounding.HALF_EVEN);

    public TaxRounding {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(mode, "mode");
    }

    /** Parses a name such as PER_INVOICE_HALF_EVEN. */
    public static TaxRounding named(String name) {
        for (Scope scope : Scope.values()) {
            if (name != null && name.startsWith(scope.name() + "_")) {
                try {
                    return new TaxRounding(scope, Rounding.valueOf(name.substring(scope.name().length() + 1)));
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("a tax rounding is PER_LINE_ or PER_INVOICE_ and a rounding mode "
                + java.util.Arrays.toString(Rounding.values()) + ": " + name);
    }

    public String name() {
        return scope.name() + "_" + mode.name();
    }

    /**
     * numerator / denominator micros, rounded by this mode to a whole multiple of the precision's quantum. Exact
     * for any amount: the product of an amount and a rate may not fit a long.
     */
    long divideToQuantum(java.math.BigInteger numerator, java.math.BigInteger denominator, CurrencyPrecision precision) {
        java.math.BigInteger quantum = java.math.BigInteger.valueOf(precision.quantumMicros());
        java.math.BigDecimal units = new java.math.BigDecimal(numerator)
                .divide(new java.math.BigDecimal(denominator.multiply(quantum)), 0, roundingMode());
        return units.toBigIntegerExact().multiply(quantum).longValueExact();
    }

    private java.math.RoundingMode roundingMode() {
        return switch (mode) {
            case UP -> java.math.RoundingMode.CEILING; // Rounding.UP is toward positive infinity
            case DOWN -> java.math.RoundingMode.DOWN;
            case HALF_UP -> java.math.RoundingMode.HALF_UP;
            case HALF_EVEN -> java.math.RoundingMode.HALF_EVEN;
        };
    }
}
