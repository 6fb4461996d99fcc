package io.tollgrid.history.rollup;

import java.util.List;
import java.util.Objects;

/**
 * What an account used over a period, grouped the ways the reports show it. Hours and days are the period's
 * zone's; each list is ordered by its key except {@code byDestination}, {@code byExtension}, {@code byCarrier},
 * {@code byDepartment} and {@code byTrunk}, dearest first.
 */
public record UsageReport(ReportPeriod period, List<Line> total, List<Line> byDestination, List<Line> byDisposition,
                          List<Line> byHour, List<Line> byDay, List<Line> byExtension, List<Line> byCallType,
                          List<Line> byCarrier, List<Line> byDepartment, List<Line> byTrunk) {
    public UsageReport {
        Objects.requireNonNull(period, "period");
        total = List.copyOf(total);
        byDestination = List.copyOf(byDestination);
        byDisposition = List.copyOf(byDisposition);
        byHour = List.copyOf(byHour);
        byDay = List.copyOf(byDay);
        byExtension = List.copyOf(byExtension);
        byCallType = List.copyOf(byCallType);
        byCarrier = List.copyOf(byCarrier);
        byDepartment = List.copyOf(byDepartment);
        byTrunk = List.copyOf(byTrunk);
    }

    /**
     * One row of a report: a key (a destination, an hour "00".."23", a date, an account, an extension, a call type;
     * empty for calls whose CDR names no extension or call type), its currency and usage.
     */
    public record Line(String key, String currency, Usage usage) {
        public Line {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(usage, "usage");
        }
    }
}
