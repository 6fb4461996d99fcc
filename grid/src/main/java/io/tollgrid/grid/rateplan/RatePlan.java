package io.tollgrid.grid.rateplan;

import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;

import java.util.Objects;

/** A stored rate plan: one flat tariff. Ignite cannot store the FlatRate record, so the fields are plain. */
public final class RatePlan {
    private final String planId;
    private final long pricePerMinuteMicros;
    private final long connectFeeMicros;
    private final int initialIncrementSecs;
    private final int nextIncrementSecs;

    public RatePlan(String planId, FlatRate rate) {
        this.planId = Objects.requireNonNull(planId, "planId");
        this.pricePerMinuteMicros = rate.pricePerMinute().micros();
        this.connectFeeMicros = rate.connectFee().micros();
        this.initialIncrementSecs = rate.initialIncrementSecs();
        this.nextIncrementSecs = rate.nextIncrementSecs();
    }

    public String planId() {
        return planId;
    }

    public FlatRate rate() {
        return new FlatRate(Money.ofMicros(pricePerMinuteMicros), Money.ofMicros(connectFeeMicros),
                initialIncrementSecs, nextIncrementSecs);
    }
}
