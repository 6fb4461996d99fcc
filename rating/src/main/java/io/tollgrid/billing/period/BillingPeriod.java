package io.tollgrid.billing.period;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One period of a cycle: the local dates [start, end) and the UTC instants they begin at. A period need not be
 * a whole number of 24-hour days: across a daylight-saving change it is an hour shorter or longer.
 */
public record BillingPeriod(LocalDate start, LocalDate end, Instant startsAt, Instant endsAt) {
    public BillingPeriod {
        Objects.requireNonNull(start);
        Objects.requireNonNull(end);
        if (!end.isAfter(start) || !endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a period ends after it starts: " + start + " .. " + end);
        }
    }

    /** The period's name in ids and on the wire: its first local date, e.g. 2026-12-01. */
    public String key() {
        return start.toString();
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(startsAt) && instant.isBefore(endsAt);
    }
}
