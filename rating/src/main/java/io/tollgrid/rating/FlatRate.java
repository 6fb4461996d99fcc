package io.tollgrid.rating;

import io.tollgrid.money.Money;
import io.tollgrid.money.Rounding;

/**
 * One flat tariff: a price per minute, a connect fee and billing increments (initial, then
 * subsequent), with the call cost rounded up to the micro-unit. This is the minimal tariff the
 * walking skeleton charges with; the rate deck builds on the same arithmetic.
 *
 * @param pricePerMinute        price of 60 billed seconds
 * @param connectFee            charged once for any connected call
 * @param initialIncrementSecs  the first billed block, e.g. 60 in "60/60", 30 in "30/6"
 * @param nextIncrementSecs     every later block, e.g. 6 in "30/6"
 */
public record FlatRate(Money pricePerMinute, Money connectFee, int initialIncrementSecs, int nextIncrementSecs) {
    /** The longest duration we ever grant to one call, whatever the funds (a runaway guard). */
    public static final long MAX_GRANT_SECONDS = 4 * 3600;

    public FlatRate {
        if (pricePerMinute.isNegative() || connectFee.isNegative()) {
            throw new IllegalArgumentException("prices must not be negative");
        }
        if (initialIncrementSecs <= 0 || nextIncrementSecs <= 0) {
            throw new IllegalArgumentException("increments must be positive");
        }
    }

    /** Seconds billed for an actual duration: nothing for an unanswered call, else whole increments. */
    public long billedSeconds(long durationSecs) {
        if (durationSecs < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationSecs);
        }
        if (durationSecs == 0) {
            return 0;
        }
        if (durationSecs <= initialIncrementSecs) {
            return initialIncrementSecs;
        }
        long rest = durationSecs - initialIncrementSecs;
        long blocks = Rounding.UP.divide(rest, nextIncrementSecs);
        return initialIncrementSecs + blocks * nextIncrementSecs;
    }

    /** The cost of a call lasting durationSecs: connect fee plus billed seconds at the per-minute price, rounded UP. */
    public Money cost(long durationSecs) {
        long billed = billedSeconds(durationSecs);
        if (billed == 0) {
            return Money.ZERO;
        }
        long usage = Rounding.UP.divide(Math.multiplyExact(pricePerMinute.micros(), billed), 60);
        return Money.ofMicros(Math.addExact(connectFee.micros(), usage));
    }

    /**
     * The longest duration, on an increment boundary, whose cost does not exceed the funds; zero when
     * not even the first increment is affordable. Capped at {@link #MAX_GRANT_SECONDS}.
     */
    public long maxDurationSeconds(Money funds) {
        if (cost(initialIncrementSecs).isGreaterThan(funds)) {
            return 0;
        }
        if (pricePerMinute.micros() == 0) {
            return MAX_GRANT_SECONDS;
        }
        long forUsage = funds.micros() - connectFee.micros();
        // Upper estimate from the exact price, then step back to an increment boundary that fits.
        long estimate = Math.min(MAX_GRANT_SECONDS, forUsage * 60 / pricePerMinute.micros());
        long seconds = billedSeconds(Math.max(estimate, initialIncrementSecs));
        while (seconds > initialIncrementSecs && cost(seconds).isGreaterThan(funds)) {
            seconds -= nextIncrementSecs;
        }
        while (seconds > MAX_GRANT_SECONDS && seconds > initialIncrementSecs) {
            seconds -= nextIncrementSecs;
        }
        return seconds;
    }
}
