package io.tollgrid.billing.period;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * A cycle of periods that begin at local midnight of the anchor day in {@code zone}. Where midnight does not
 * exist (a zone that springs forward at 00:00) the period begins at the first instant of that date, as
 * {@link LocalDate#atStartOfDay(ZoneId)} has it.
 */
public record BillingCycle(Cadence cadence, int anchorDay, ZoneId zone) {
    public BillingCycle {
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(zone, "zone");
        int max = cadence == Cadence.MONTHLY ? 31 : 7;
        if (anchorDay < 1 || anchorDay > max) {
            throw new IllegalArgumentException("a " + cadence + " anchor day is 1 to " + max + ", not " + anchorDay);
        }
    }

    /** The period that holds this instant. */
    public BillingPeriod periodAt(Instant instant) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        LocalDate start = cadence == Cadence.WEEKLY
                ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.of(anchorDay)))
                : monthlyStartOnOrBefore(day);
        return periodFrom(start);
    }

    /** The last period that has ended at or before this instant: the one an invoice run at that instant bills. */
    public BillingPeriod lastEndedAt(Instant instant) {
        BillingPeriod current = periodAt(instant);
        return periodAt(current.startsAt().minusNanos(1));
    }

    /**
     * The period that starts on this local date. A date on which no period of this cycle starts is refused, never
     * moved to a neighbouring period: a period named on the wire must be one the cycle cuts.
     */
    public BillingPeriod periodStarting(LocalDate start) {
        Objects.requireNonNull(start, "start");
        BillingPeriod period = periodAt(start.atStartOfDay(zone).toInstant());
        if (!period.start().equals(start)) {
            throw new IllegalArgumentException("no " + cadence + " period anchored on " + anchorDay + " starts on "
                    + start + "; the one holding it starts on " + period.start());
        }
        return period;
    }

    /** The period after this one. */
    public BillingPeriod next(BillingPeriod period) {
        return periodFrom(period.end());
    }

    private BillingPeriod periodFrom(LocalDate start) {
        LocalDate end = cadence == Cadence.WEEKLY ? start.plusWeeks(1) : anchorIn(YearMonth.from(start).plusMonths(1));
        return new BillingPeriod(start, end, start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }

    private LocalDate monthlyStartOnOrBefore(LocalDate day) {
        LocalDate thisMonth = anchorIn(YearMonth.from(day));
        return thisMonth.isAfter(day) ? anchorIn(YearMonth.from(day).minusMonths(1)) : thisMonth;
    }

    private LocalDate anchorIn(YearMonth month) {
        return month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
    }
}
