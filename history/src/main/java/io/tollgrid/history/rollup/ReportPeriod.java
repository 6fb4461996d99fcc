package io.tollgrid.history.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The days a report covers, in a time zone: from the start of {@code from} to the end of {@code to} (both
 * included), local time. Only the bucketing uses the zone; what it selects is an interval of instants.
 */
public record ReportPeriod(LocalDate from, LocalDate to, ZoneId zone) {
    /** The longest period one report covers: three years, about 1,100 days of rollups per account. */
    public static final int MAX_DAYS = 1_096;

    public ReportPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the period ends before it starts: " + from + " to " + to);
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new IllegalArgumentException("a report covers at most " + MAX_DAYS + " days");
        }
    }

    /** The first instant of the period. */
    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the period. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The UTC days the period touches, in order: the rollup partitions and CDR partitions it reads. */
    public List<LocalDate> utcDays() {
        LocalDate first = start().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = end().minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    /** Whether the whole UTC day lies inside the period, so its stored rollup can stand for it. */
    public boolean covers(LocalDate utcDay) {
        Instant dayStart = utcDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        return !dayStart.isBefore(start()) && !dayStart.plusSeconds(86_400).isAfter(end());
    }
}
