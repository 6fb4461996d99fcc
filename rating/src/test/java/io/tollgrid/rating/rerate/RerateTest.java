package io.tollgrid.rating.rerate;

import io.tollgrid.money.Money;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.deck.DeckBuilder;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.tollgrid.rating.deck.Decks.blocked;
import static io.tollgrid.rating.deck.Decks.perMinute;
import static io.tollgrid.rating.deck.Decks.plan;
import static io.tollgrid.rating.deck.Decks.rate;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RerateTest {
    private static final Instant T = Instant.parse("2025-01-15T10:00:00Z");

    @Test
    void reportsChangedAndUnratableCallsWithTotals() {
        RateDeck newDeck = new DeckBuilder(2).plan(plan("p"), "plans")
                .rate(rate("p", "359", perMinute("0.10", "0", 60, 60)), "a")
                .rate(rate("p", "44", perMinute("0.05", "0", 60, 60)), "b")
                .rate(blocked("p", "3599"), "c")
                .build();
        List<CallToRerate> calls = List.of(
                new CallToRerate("c3", "p", "s", "359888", T.plusSeconds(10), 120, Money.parse("0.16")),
                new CallToRerate("c1", "p", "s", "441234", T, 61, Money.parse("0.10")),   // unchanged: 2 min x 0.05
                new CallToRerate("c2", "p", "s", "35991", T, 30, Money.parse("0.07")),
                new CallToRerate("c4", "gone", "s", "359", T, 30, Money.parse("0.01")));
        RerateReport report = new Rerater(newDeck).rerate(calls);
        assertEquals(4, report.callsExamined());
        assertEquals(List.of(
                new RerateDifference("c2", Money.parse("0.07"), Money.ZERO, RatingVerdict.DESTINATION_BLOCKED, "3599"),
                new RerateDifference("c4", Money.parse("0.01"), Money.ZERO, RatingVerdict.RATING_FAILED, ""),
                new RerateDifference("c3", Money.parse("0.16"), Money.parse("0.20"), RatingVerdict.RATED, "359")),
                report.differences());
        assertEquals(Money.parse("0.34"), report.oldTotal());
        assertEquals(Money.parse("0.38"), report.newTotal());
        assertEquals(Money.parse("0.04"), report.delta());
        assertEquals(Money.parse("0.04"), report.differences().get(2).delta());
        assertEquals(report, new Rerater(newDeck).rerate(List.of(calls.get(3), calls.get(2), calls.get(1), calls.get(0))));
    }
    /** Runs of calls on alternating plans, longer than one batch, priced as find and the rate price them. */
    @Test
    void batchesOfManyCallsAcrossPlansMatchPricingOneCallAtATime() {
        RateDeck deck = new DeckBuilder(3).plan(plan("p"), "plans").plan(plan("q"), "plans")
                .rate(rate("p", "359", perMinute("0.10", "0.02", 30, 6)), "a")
                .rate(rate("p", "3598", perMinute("0.30", "0", 1, 1)), "b")
                .rate(blocked("p", "3599"), "c")
                .rate(rate("q", "35", perMinute("0.07", "0", 60, 60)), "d")
                .build();
        Random random = new Random(11);
        List<CallToRerate> calls = new ArrayList<>();
        long oldTotal = 0;
        long newTotal = 0;
        List<RerateDifference> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String planId = (i / 70) % 2 == 0 ? "p" : "q";
            String dialled = "35" + random.nextInt(10) + random.nextInt(10) + "1234";
            long duration = random.nextInt(400);
            Money old = Money.ofMicros(random.nextInt(3) * 10_000L);
            Instant start = T.plusSeconds(i);
            calls.add(new CallToRerate(String.format("c%03d", i), planId, "s", dialled, start, duration, old));
            Rate rate = deck.plan(planId).find("s", dialled, start.getEpochSecond());
            long cost = rate.isRated() ? rate.cost(start.getEpochSecond(), duration) : old.micros();
            oldTotal += old.micros();
            newTotal += cost;
            if (!rate.isRated()) {
                expected.add(new RerateDifference(calls.get(i).cdrId(), old, Money.ZERO, rate.verdict(), rate.prefix()));
            } else if (cost != old.micros()) {
                expected.add(new RerateDifference(calls.get(i).cdrId(), old, Money.ofMicros(cost), RatingVerdict.RATED,
                        rate.prefix()));
            }
        }
        RerateReport report = new Rerater(deck).rerate(calls);
        assertEquals(expected, report.differences());
        assertEquals(Money.ofMicros(oldTotal), report.oldTotal());
        assertEquals(Money.ofMicros(newTotal), report.newTotal());
    }
}
