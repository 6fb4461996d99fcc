package io.tollgrid.rating.bands;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.Set;

/**
 * One span of a named band in a plan's week: on the given days, from fromSecond (inclusive) to
 * toSecond (exclusive) of the local day, 0..86400. A span across midnight is written as two rows.
 * Time not covered by any row belongs to the default band "*".
 */
public record BandRow(String plan, String band, Set<DayOfWeek> days, int fromSecond, int toSecond) {
    public static final String DEFAULT_BAND = "*";

    public BandRow {
        if (plan == null || plan.isBlank()) {
            throw new IllegalArgumentException("plan is required");
        }
        if (band == null || band.isBlank() || band.equals(DEFAULT_BAND)) {
            throw new IllegalArgumentException("band name is required and must not be *");
        }
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("at least one day is required");
        }
        if (fromSecond < 0 || toSecond > 86_400 || fromSecond >= toSecond) {
            throw new IllegalArgumentException("band must satisfy 00:00 <= from < to <= 24:00");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }
}
