package io.tollgrid.rating.rerate;

import io.tollgrid.money.Money;

import java.time.Instant;

/** The parts of a rated CDR that re-rating needs. */
public record CallToRerate(String cdrId, String plan, String source, String destination, Instant start,
                           long durationSeconds, Money cost) {
    public CallToRerate {
        if (cdrId == null || plan == null || destination == null || start == null || cost == null) {
            throw new IllegalArgumentException("cdr id, plan, destination, start and cost are required");
        }
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("duration must not be negative");
        }
    }
}
