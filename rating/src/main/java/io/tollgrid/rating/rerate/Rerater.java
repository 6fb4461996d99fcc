package io.tollgrid.rating.rerate;

import io.tollgrid.money.Money;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RatePlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Recomputes list-price costs of calls against one deck version and reports the differences. */
public final class Rerater {
    private final RateDeck deck;

    public Rerater(RateDeck deck) {
        this.deck = deck;
    }

    public RerateReport rerate(List<CallToRerate> calls) {
        List<CallToRerate> ordered = new ArrayList<>(calls);
        ordered.sort(Comparator.comparing(CallToRerate::start).thenComparing(CallToRerate::cdrId));
        List<RerateDifference> differences = new ArrayList<>();
        long oldTotal = 0;
        long newTotal = 0;
        for (CallToRerate call : ordered) {
            RatePlan plan = deck.plan(call.plan());
            Rate rate = plan == null ? null : plan.find(call.source(), call.destination(), call.start().getEpochSecond());
            oldTotal = Math.addExact(oldTotal, call.cost().micros());
            if (rate == null || !rate.isRated()) {
                RatingVerdict verdict = rate == null ? RatingVerdict.RATING_FAILED : rate.verdict();
                differences.add(new RerateDifference(call.cdrId(), call.cost(), Money.ZERO, verdict,
                        rate == null ? "" : rate.prefix()));
                newTotal = Math.addExact(newTotal, call.cost().micros());
                continue;
            }
            long cost = rate.cost(call.start().getEpochSecond(), call.durationSeconds());
            newTotal = Math.addExact(newTotal, cost);
            if (cost != call.cost().micros()) {
                differences.add(new RerateDifference(call.cdrId(), call.cost(), Money.ofMicros(cost),
                        RatingVerdict.RATED, rate.prefix()));
            }
        }
        return new RerateReport(deck.version(), ordered.size(), differences, Money.ofMicros(oldTotal),
                Money.ofMicros(newTotal));
    }
}
