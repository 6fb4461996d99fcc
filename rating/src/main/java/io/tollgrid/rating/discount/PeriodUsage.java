package io.tollgrid.rating.discount;

/** An account's usage of one call type in the current discount period, before the call being priced. */
public record PeriodUsage(long seconds, long spendMicros) {
    public static final PeriodUsage NONE = new PeriodUsage(0, 0);

    public PeriodUsage {
        if (seconds < 0 || spendMicros < 0) {
            throw new IllegalArgumentException("usage must not be negative");
        }
    }
}
