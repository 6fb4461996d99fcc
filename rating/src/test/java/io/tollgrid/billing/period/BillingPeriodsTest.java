package io.tollgrid.billing.period;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Periods an invoice run bills: month ends, leap years, DST, and naming a period by its first day. */
class BillingPeriodsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void anAnchorOn31StaysOn31AfterAShortMonthInALeapYear() {
        // 2028 is a leap year: Jan 31, Feb 29 (the last day), Mar 31, Apr 30, May 31. The anchor never drifts to
        // the 29th or 30th once a short month has passed.
        BillingCycle cycle = new BillingCycle(Cadence.MONTHLY, 31, UTC);
        List<LocalDate> starts = new ArrayList<>();
        BillingPeriod period = cycle.periodAt(Instant.parse("2028-02-10T00:00:00Z"));
        for (int i = 0; i < 5; i++) {
            starts.add(period.start());
            period = cycle.next(period);
        }
        assertEquals(List.of(LocalDate.of(2028, 1, 31), LocalDate.of(2028, 2, 29), LocalDate.of(2028, 3, 31),
                LocalDate.of(2028, 4, 30), LocalDate.of(2028, 5, 31)), starts);
    }

    @Test
    void anAnchorOn29InAYearWithoutFebruary29StartsOnThe28th() {
        BillingCycle cycle = new BillingCycle(Cadence.MONTHLY, 29, UTC);
        assertEquals(LocalDate.of(2027, 2, 28), cycle.periodAt(Instant.parse("2027-03-01T00:00:00Z")).start());
        assertEquals(LocalDate.of(2027, 3, 29), cycle.periodAt(Instant.parse("2027-03-29T00:00:00Z")).start());
        // 2027-02-28 .. 2027-03-29: 29 days; 2028-02-29 .. 2028-03-29: 29 days too (leap day is the start).
        BillingPeriod feb2027 = cycle.periodStarting(LocalDate.of(2027, 2, 28));
        assertEquals(Duration.ofDays(29), Duration.between(feb2027.startsAt(), feb2027.endsAt()));
        BillingPeriod feb2028 = cycle.periodStarting(LocalDate.of(2028, 2, 29));
        assertEquals(LocalDate.of(2028, 3, 29), feb2028.end());
    }

    @Test
    void aCalendarFebruaryIs29DaysInALeapYearAnd28Otherwise() {
        BillingCycle cycle = new BillingCycle(Cadence.MONTHLY, 1, UTC);
        BillingPeriod leap = cycle.periodStarting(LocalDate.of(2028, 2, 1));
        BillingPeriod common = cycle.periodStarting(LocalDate.of(2027, 2, 1));
        assertEquals(Duration.ofDays(29), Duration.between(leap.startsAt(), leap.endsAt()));
        assertEquals(Duration.ofDays(28), Duration.between(common.startsAt(), common.endsAt()));
        assertEquals(Instant.parse("2028-02-29T23:59:59Z"), leap.endsAt().minusSeconds(1));
    }

    @Test
    void aWeekAcrossTheYearEndAndTheAutumnChange() {
        // ISO Monday weeks: 2026-12-28 .. 2027-01-04 crosses the year end with no gap.
        BillingCycle weekly = new BillingCycle(Cadence.WEEKLY, 1, ZoneId.of("America/New_York"));
        BillingPeriod yearEnd = weekly.periodAt(Instant.parse("2027-01-01T12:00:00Z"));
        assertEquals(LocalDate.of(2026, 12, 28), yearEnd.start());
        assertEquals(LocalDate.of(2027, 1, 4), yearEnd.end());
        // New York falls back on Sunday 2026-11-01: the week of Monday 26 October is 169 hours.
        BillingPeriod autumn = weekly.periodStarting(LocalDate.of(2026, 10, 26));
        assertEquals(Instant.parse("2026-10-26T04:00:00Z"), autumn.startsAt());
        assertEquals(Instant.parse("2026-11-02T05:00:00Z"), autumn.endsAt());
        assertEquals(Duration.ofHours(169), Duration.between(autumn.startsAt(), autumn.endsAt()));
    }

    @Test
    void theLastEndedPeriodIsTheOneBeforeTheCurrentOneEvenAtItsFirstInstant() {
        BillingCycle cycle = new BillingCycle(Cadence.MONTHLY, 1, ZoneId.of("Europe/Sofia"));
        // 1 December 00:00 in Sofia is 2026-11-30T22:00Z: from that instant November has ended.
        assertEquals(LocalDate.of(2026, 11, 1), cycle.lastEndedAt(Instant.parse("2026-11-30T22:00:00Z")).start());
        assertEquals(LocalDate.of(2026, 10, 1), cycle.lastEndedAt(Instant.parse("2026-11-30T21:59:59Z")).start());
        // Across the leap day in Sofia: March 2028 starts 2028-02-29T22:00Z.
        assertEquals(LocalDate.of(2028, 2, 1), cycle.lastEndedAt(Instant.parse("2028-02-29T22:00:00Z")).start());
    }

    @Test
    void aPeriodNamedByADayItDoesNotStartOnIsRefused() {
        BillingCycle monthly = new BillingCycle(Cadence.MONTHLY, 15, UTC);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> monthly.periodStarting(LocalDate.of(2026, 12, 1)));
        assertEquals("no MONTHLY period anchored on 15 starts on 2026-12-01; the one holding it starts on 2026-11-15",
                refused.getMessage());
        assertEquals(LocalDate.of(2027, 1, 15), monthly.periodStarting(LocalDate.of(2026, 12, 15)).end());
        BillingCycle weekly = new BillingCycle(Cadence.WEEKLY, 3, UTC);
        assertThrows(IllegalArgumentException.class, () -> weekly.periodStarting(LocalDate.of(2026, 12, 3)));
        assertEquals(LocalDate.of(2026, 12, 9), weekly.periodStarting(LocalDate.of(2026, 12, 2)).end());
    }

    @Test
    void aProfileNeedsItsAccountAndAJurisdiction() {
        BillingCycle cycle = new BillingCycle(Cadence.MONTHLY, 1, UTC);
        assertThrows(IllegalArgumentException.class, () -> new BillingProfile("t", "a", cycle, " "));
        assertThrows(IllegalArgumentException.class, () -> new BillingProfile("t", "", cycle, "DE"));
        assertEquals("DE", new BillingProfile("t", "a", cycle, "DE").jurisdiction());
    }
}
