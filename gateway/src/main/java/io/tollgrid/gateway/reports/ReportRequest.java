package io.tollgrid.gateway.reports;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.history.rollup.ReportPeriod;
import io.tollgrid.money.Money;
import io.vertx.core.MultiMap;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A report's parameters: the period (local dates, both included) in a zone, how many top destinations, the
 * thresholds over which a row is highlighted, and the format.
 *
 * @param longCallSeconds   a row whose longest call lasted at least this long is highlighted; 0 for none
 * @param expensiveCallCost a row whose dearest call cost at least this much is highlighted; zero for none
 */
public record ReportRequest(ReportPeriod period, int top, long longCallSeconds, Money expensiveCallCost,
                            ReportFormat format) {
    public static final int DEFAULT_TOP = 10;

    public static ReportRequest parse(MultiMap query, String accept) {
        ZoneId zone = zone(query.get("zone"));
        LocalDate from = date(query, "from");
        LocalDate to = date(query, "to");
        ReportPeriod period;
        try {
            period = new ReportPeriod(from, to, zone);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        // The contract has checked top and longCallSeconds are integers in range.
        int top = query.get("top") == null ? DEFAULT_TOP : Integer.parseInt(query.get("top"));
        long longCall = query.get("longCallSeconds") == null ? 0 : Long.parseLong(query.get("longCallSeconds"));
        Money expensive = Money.ZERO;
        if (query.get("expensiveCallCost") != null) {
            try {
                expensive = Money.parse(query.get("expensiveCallCost"));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("'expensiveCallCost': " + e.getMessage());
            }
            if (expensive.isNegative()) {
                throw ApiException.invalid("'expensiveCallCost' must not be negative");
            }
        }
        return new ReportRequest(period, top, longCall, expensive, ReportFormat.choose(query.get("format"), accept));
    }

    private static ZoneId zone(String text) {
        if (text == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw ApiException.invalid("'zone' is not a time zone id such as Europe/Sofia or UTC: " + text);
        }
    }

    /** A required date parameter; 400 when it is missing or not a date. */
    static LocalDate date(MultiMap query, String name) {
        String value = query.get(name);
        if (value == null) {
            throw ApiException.invalid("'" + name + "' is required: a date such as 2026-03-01");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'" + name + "' is not a date such as 2026-03-01: " + value);
        }
    }

    /** Whether a row whose longest and dearest calls are these is highlighted. */
    public boolean highlights(long maxDurationSeconds, Money maxCost) {
        return (longCallSeconds > 0 && maxDurationSeconds >= longCallSeconds)
                || (expensiveCallCost.micros() > 0 && maxCost.micros() >= expensiveCallCost.micros());
    }
}
