package io.tollgrid.money;

/**
 * How many decimals a currency bills in (2 for EUR, 0 for JPY, up to 6). A call's cost is rounded to
 * this precision; prices themselves may carry all six decimals of {@link Money}.
 */
public record CurrencyPrecision(int decimals) {
    public CurrencyPrecision {
        if (decimals < 0 || decimals > Money.SCALE) {
            throw new IllegalArgumentException("currency decimals must be 0.." + Money.SCALE + ": " + decimals);
        }
    }

    /** The smallest billable amount in micros: 10_000 for two decimals. */
    public long quantumMicros() {
        long quantum = 1;
        for (int i = decimals; i < Money.SCALE; i++) {
            quantum *= 10;
        }
        return quantum;
    }
}
