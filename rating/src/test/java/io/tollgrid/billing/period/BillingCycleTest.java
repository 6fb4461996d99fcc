package io.tollgrid.billing.period;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BillingCycleTest {
    @Test
    void aMonthStartsAtLocalMidnightNotUtcMidnight() {
        // Auckland is UTC+13 in December: 1 December begins at 2026-11-30T11:00Z.
        BillingCycle monthly = new BillingCycle(Cadence.MONTHLY, 1, ZoneId.of("Pacific/Auckland"));
        BillingPeriod december = monthly.periodAt(Instant.parse("2026-11-30T11:00:00Z"));
        assertEquals(LocalDate.of(2026, 12, 1), december.start());
        assertEquals(Instant.parse("2026-11-30T11:00:00Z"), december.startsAt());
        assertEquals("2026-12-01", december.key());
        BillingPeriod november = monthly.periodAt(Instant.parse("2026-11-30T10:59:59.999Z"));
        assertEquals(LocalDate.of(2026, 11, 1), november.start());
        assertEquals(december.startsAt(), november.endsAt());
        assertEquals(december, monthly.next(november));
    }

    @Test
    void aWeekAcrossTheSpringChangeIsAnHourShort() {
        // London springs forward on Sunday 2027-03-28 at 01:00 UTC; the week from that Sunday ends at local
        // midnight of 4 April, which is 2027-04-03T23:00Z (BST): 7 x 24 - 1 = 167 hours.
        BillingCycle weekly = new BillingCycle(Cadence.WEEKLY, 7, ZoneId.of("Europe/London"));
        BillingPeriod week = weekly.periodAt(Instant.parse("2027-03-30T12:00:00Z"));
        assertEquals(LocalDate.of(2027, 3, 28), week.start());
        assertEquals(Instant.parse("2027-03-28T00:00:00Z"), week.startsAt());
        assertEquals(Instant.parse("2027-04-03T23:00:00Z"), week.endsAt());
        assertEquals(Duration.ofHours(167), Duration.between(week.startsAt(), week.endsAt()));
        assertEquals(LocalDate.of(2027, 4, 4), weekly.periodAt(Instant.parse("2027-04-03T23:30:00Z")).start());
    }

    @Test
    void aMonthAcrossTheAutumnChangeIsAnHourLong() {
        // Berlin: 1 October 00:00 CEST = 2026-09-30T22:00Z; 1 November 00:00 CET = 2026-10-31T23:00Z.
        BillingPeriod october = new BillingCycle(Cadence.MONTHLY, 1, ZoneId.of("Europe/Berlin"))
                .periodAt(Instant.parse("2026-10-15T00:00:00Z"));
        assertEquals(Instant.parse("2026-09-30T22:00:00Z"), october.startsAt());
        assertEquals(Instant.parse("2026-10-31T23:00:00Z"), october.endsAt());
        assertEquals(Duration.ofDays(31).plusHours(1), Duration.between(october.startsAt(), october.endsAt()));
    }

    @Test
    void whereMidnightDoesNotExistThePeriodStartsAtTheFirstInstantOfTheDay() {
        // Santiago springs forward at 00:00 on 2026-09-06: that day begins at 01:00 -03:00 = 04:00Z.
        BillingCycle weekly = new BillingCycle(Cadence.WEEKLY, 7, ZoneId.of("America/Santiago"));
        BillingPeriod week = weekly.periodAt(Instant.parse("2026-09-06T04:00:00Z"));
        assertEquals(LocalDate.of(2026, 9, 6), week.start());
        assertEquals(Instant.parse("2026-09-06T04:00:00Z"), week.startsAt());
        // Half an hour earlier is 23:30 on the Saturday, -04:00: still the week before.
        assertEquals(LocalDate.of(2026, 8, 30), weekly.periodAt(Instant.parse("2026-09-06T03:30:00Z")).start());
    }

    @Test
    void anAnchorPastTheMonthsEndFallsOnItsLastDay() {
        BillingCycle monthly = new BillingCycle(Cadence.MONTHLY, 31, ZoneId.of("UTC"));
        BillingPeriod february = monthly.periodAt(Instant.parse("2027-03-05T00:00:00Z"));
        assertEquals(LocalDate.of(2027, 2, 28), february.start());
        assertEquals(LocalDate.of(2027, 3, 31), february.end());
        assertEquals(LocalDate.of(2027, 1, 31), monthly.periodAt(Instant.parse("2027-02-27T23:59:59Z")).start());
    }

    @Test
    void successivePeriodsTileTime() {
        BillingCycle monthly = new BillingCycle(Cadence.MONTHLY, 30, ZoneId.of("America/New_York"));
        BillingPeriod period = monthly.periodAt(Instant.parse("2026-01-01T00:00:00Z"));
        for (int i = 0; i < 60; i++) {
            BillingPeriod next = monthly.next(period);
            assertEquals(period.endsAt(), next.startsAt());
            assertTrue(next.contains(next.startsAt()) && !period.contains(next.startsAt()));
            assertEquals(next, monthly.periodAt(next.startsAt()));
            period = next;
        }
    }

    @Test
    void anchorsOutsideTheCycleAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BillingCycle(Cadence.MONTHLY, 0, ZoneId.of("UTC")));
        assertThrows(IllegalArgumentException.class, () -> new BillingCycle(Cadence.MONTHLY, 32, ZoneId.of("UTC")));
        assertThrows(IllegalArgumentException.class, () -> new BillingCycle(Cadence.WEEKLY, 8, ZoneId.of("UTC")));
    }
}
