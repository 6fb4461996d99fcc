package io.tollgrid.rating.deck;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Money;
import io.tollgrid.money.Rounding;
import io.tollgrid.rating.bands.BandCrossing;
import io.tollgrid.rating.bands.BandRow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PricingPropertyTest {
    private static final long FROM = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    private static final long SPAN = 3L * 365 * 86_400;

    /** A plan with a night band in Sofia (so calls cross bands and DST changes) and one random rate. */
    @Provide
    Arbitrary<Rate> rates() {
        Arbitrary<Tariff> tariffs = Combinators.combine(
                Arbitraries.of(ChargeUnit.values()),
                Arbitraries.longs().between(0, 3_000_000), Arbitraries.longs().between(0, 500_000),
                Arbitraries.of(1, 6, 30, 60), Arbitraries.of(1, 6, 30, 60),
                Arbitraries.of(0, 0, 30, 90), Arbitraries.of(0, 0, 3, 10))
                .as((unit, price, connect, initial, next, minimum, grace) -> new Tariff(unit, Money.ofMicros(price),
                        Money.ofMicros(connect), initial, next, minimum, grace));
        return Combinators.combine(tariffs, tariffs, Arbitraries.of(Rounding.values()),
                        Arbitraries.of(RoundingScope.values()), Arbitraries.of(BandCrossing.values()),
                        Arbitraries.integers().between(0, 6))
                .as((day, night, rounding, scope, crossing, decimals) -> {
                    PlanRow plan = new PlanRow("p", Optional.empty(), Decks.SOFIA, new CurrencyPrecision(decimals),
                            crossing, rounding, scope, 4 * 3600);
                    RateDeck deck = new DeckBuilder(1).plan(plan, "plans")
                            .band(new BandRow("p", "NIGHT", EnumSet.allOf(DayOfWeek.class), 0, 3 * 3600 + 1800), "b")
                            .rate(Decks.rate("p", "1", "*", day), "r1")
                            .rate(Decks.rate("p", "1", "NIGHT", night), "r2")
                            .build();
                    return deck.plan("p").find("s", "1", FROM);
                });
    }

    @Provide
    Arbitrary<Long> starts() {
        return Arbitraries.longs().between(FROM, FROM + SPAN);
    }

    @Property(tries = 300)
    void costNeverDecreasesWithDuration(@ForAll("rates") Rate rate, @ForAll("starts") long start,
                                        @ForAll @LongRange(min = 0, max = 20_000) long duration,
                                        @ForAll @LongRange(min = 1, max = 4000) long more) {
        long shorter = rate.cost(start, duration);
        long longer = rate.cost(start, duration + more);
        assertTrue(shorter <= longer, shorter + " > " + longer);
        assertTrue(shorter >= 0);
    }

    @Property(tries = 400)
    void maxDurationIsTheInverseOfCost(@ForAll("rates") Rate rate, @ForAll("starts") long start,
                                       @ForAll @LongRange(min = 0, max = 50_000_000) long funds) {
        long max = rate.maxDurationSeconds(start, funds);
        long cap = rate.plan().maxGrantSeconds();
        assertTrue(max >= 0 && max <= cap, "max " + max);
        assertTrue(rate.cost(start, max) <= funds, "cost(" + max + ") = " + rate.cost(start, max) + " > " + funds);
        if (max < cap) {
            // one more second starts a new increment (or ends the grace period), which must not be affordable
            long next = rate.cost(start, max + 1);
            assertTrue(next > funds, "cost(" + (max + 1) + ") = " + next + " <= " + funds);
        }
    }
}
