package io.tollgrid.rating.deck;

import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;
import io.tollgrid.rating.RatingVerdict;

/**
 * The answer for one call: the rate used (or why there is none), the call type, and the start instant
 * that prices depend on.
 */
public record Quote(Rate rate, CallType callType, long startEpochSecond) {
    public Quote {
        if (rate == null || callType == null) {
            throw new IllegalArgumentException("rate and call type are required");
        }
    }

    public RatingVerdict verdict() {
        return rate.verdict();
    }

    public boolean isRated() {
        return rate.isRated();
    }

    public Money cost(long durationSeconds) {
        return Money.ofMicros(rate.cost(startEpochSecond, durationSeconds));
    }

    public long maxDurationSeconds(Money funds) {
        return rate.maxDurationSeconds(startEpochSecond, funds.micros());
    }
}
