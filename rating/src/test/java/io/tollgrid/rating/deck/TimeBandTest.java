package io.tollgrid.rating.deck;

import io.tollgrid.rating.bands.BandCrossing;
import io.tollgrid.rating.bands.BandRow;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Set;

import static io.tollgrid.rating.deck.Decks.SOFIA;
import static io.tollgrid.rating.deck.Decks.micros;
import static io.tollgrid.rating.deck.Decks.perMinute;
import static io.tollgrid.rating.deck.Decks.plan;
import static io.tollgrid.rating.deck.Decks.rate;
import static io.tollgrid.rating.deck.Decks.withCrossing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeBandTest {
    private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

    /** Weekdays 0.06/min, weekends 0.02/min, both 60/60, Sofia time. */
    private static Rate weekendPlan(BandCrossing crossing) {
        RateDeck deck = new DeckBuilder(1)
                .plan(withCrossing(plan("p"), crossing), "plans")
                .band(new BandRow("p", "WEEKEND", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), 0, 86_400), "bands")
                .rate(rate("p", "359", "*", perMinute("0.06", "0", 60, 60)), "r1")
                .rate(rate("p", "359", "WEEKEND", perMinute("0.02", "0", 60, 60)), "r2")
                .build();
        return deck.plan("p").find("x", "359888", sofia("2025-01-10T12:00"));
    }

    /** Nights (00:00-04:00 every day) 0.01/min, other times 0.05/min, 60/60. */
    private static Rate nightPlan() {
        RateDeck deck = new DeckBuilder(1)
                .plan(plan("p"), "plans")
                .band(new BandRow("p", "NIGHT", EVERY_DAY, 0, 4 * 3600), "bands")
                .rate(rate("p", "359", "*", perMinute("0.05", "0", 60, 60)), "r1")
                .rate(rate("p", "359", "NIGHT", perMinute("0.01", "0", 60, 60)), "r2")
                .build();
        return deck.plan("p").find("x", "359888", sofia("2025-01-10T12:00"));
    }

    private static long sofia(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SOFIA).toEpochSecond();
    }

    private static long utc(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    @Test
    void callAcrossMidnightIntoTheWeekendIsSplitPerIncrement() {
        Rate rate = weekendPlan(BandCrossing.SPLIT);
        long fridayLate = sofia("2025-01-10T23:58:00");
        // 23:58, 23:59 on Friday at 0.06; 00:00, 00:01 on Saturday at 0.02
        assertEquals(micros("0.16"), rate.cost(fridayLate, 240));
    }

    @Test
    void callAcrossMidnightRatedByStartUsesTheStartBandThroughout() {
        Rate rate = weekendPlan(BandCrossing.START);
        assertEquals(micros("0.24"), rate.cost(sofia("2025-01-10T23:58:00"), 240));
        assertEquals(micros("0.08"), rate.cost(sofia("2025-01-12T23:58:00"), 240)); // Sunday into Monday
    }

    @Test
    void anIncrementIsPricedByTheBandInForceWhenItStarts() {
        Rate rate = weekendPlan(BandCrossing.SPLIT);
        long start = sofia("2025-01-10T23:58:30");
        assertEquals(micros("0.12"), rate.cost(start, 120)); // 23:58:30 and 23:59:30 both start on Friday
        assertEquals(micros("0.14"), rate.cost(start, 121)); // the third starts at 00:00:30 Saturday
    }

    @Test
    void maxDurationWalksIntoACheaperBand() {
        Rate rate = weekendPlan(BandCrossing.SPLIT);
        long fridayLate = sofia("2025-01-10T23:58:00");
        // 0.12 for the two Friday minutes leaves 0.08: four weekend minutes
        assertEquals(360, rate.maxDurationSeconds(fridayLate, micros("0.20")));
        assertEquals(micros("0.20"), rate.cost(fridayLate, 360));
        assertEquals(micros("0.22"), rate.cost(fridayLate, 361));
    }

    @Test
    void springForwardInSofiaEndsTheNightBandAnHourEarlierInUtc() {
        // 2025-03-30: 03:00 EET becomes 04:00 EEST at 01:00Z. A call at 02:58 local (00:58Z) gets two
        // night minutes, then the wall clock reads 04:00 and the day price applies.
        Rate rate = nightPlan();
        long start = utc("2025-03-30T00:58:00Z");
        assertEquals(sofia("2025-03-30T02:58:00"), start);
        assertEquals(micros("0.42"), rate.cost(start, 600)); // 2 x 0.01 + 8 x 0.05
    }

    @Test
    void fallBackInSofiaRepeatsTheNightHour() {
        // 2025-10-26: 04:00 EEST becomes 03:00 EET at 01:00Z. A call at 03:58 EEST stays in the night band.
        Rate rate = nightPlan();
        long start = utc("2025-10-26T00:58:00Z");
        assertEquals(micros("0.10"), rate.cost(start, 600));
        assertEquals(micros("0.01"), rate.cost(utc("2025-10-26T01:58:00Z"), 60)); // 03:58 EET, the second time
        assertEquals(micros("0.05"), rate.cost(utc("2025-10-26T02:00:00Z"), 60)); // 04:00 EET
    }

    @Test
    void leapDayIsAThursdayAndTheNextDayIsFriday() {
        RateDeck deck = new DeckBuilder(1)
                .plan(plan("p"), "plans")
                .band(new BandRow("p", "FRIDAY", EnumSet.of(DayOfWeek.FRIDAY), 0, 86_400), "bands")
                .rate(rate("p", "359", "*", perMinute("0.05", "0", 60, 60)), "r1")
                .rate(rate("p", "359", "FRIDAY", perMinute("0.01", "0", 60, 60)), "r2")
                .build();
        long leapDayLate = sofia("2024-02-29T23:59:00");
        Rate rate = deck.plan("p").find("x", "359888", leapDayLate);
        assertEquals(micros("0.07"), rate.cost(leapDayLate, 180)); // 0.05 Thursday + 2 x 0.01 on Friday 1 March
        assertEquals(micros("0.05"), rate.cost(sofia("2024-02-29T10:00:00"), 60));
        assertEquals(micros("0.01"), rate.cost(sofia("2024-03-01T00:00:00"), 60));
    }

    @Test
    void aBandWithoutATariffAndNoDefaultRowIsRejected() {
        DeckBuilder builder = new DeckBuilder(1)
                .plan(plan("p"), "plans")
                .band(new BandRow("p", "NIGHT", EVERY_DAY, 0, 4 * 3600), "bands")
                .rate(rate("p", "359", "NIGHT", perMinute("0.01", "0", 60, 60)), "rates.csv line 2");
        DeckRejectedException e = assertThrows(DeckRejectedException.class, builder::build);
        assertEquals("rates.csv line 2 column band: prefix 359 in plan p has no row for band * and no row for band *",
                e.errors().get(0));
    }

    @Test
    void overlappingBandsAreRejected() {
        DeckBuilder builder = new DeckBuilder(1)
                .plan(plan("p"), "plans")
                .band(new BandRow("p", "A", EVERY_DAY, 0, 7200), "bands.csv line 2")
                .band(new BandRow("p", "B", EnumSet.of(DayOfWeek.MONDAY), 3600, 9000), "bands.csv line 3");
        DeckRejectedException e = assertThrows(DeckRejectedException.class, builder::build);
        assertEquals("bands.csv line 2 column from: bands A and B overlap in plan p", e.errors().get(0));
    }
}
