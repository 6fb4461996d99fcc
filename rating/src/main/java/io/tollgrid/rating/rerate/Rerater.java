package io.tollgrid.rating.rerate;

import io.tollgrid.money.Money;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.deck.CallBatch;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RatePlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recomputes list-price costs of calls against one deck version and reports the differences. Calls are
 * priced in batches ({@link RatePlan#costsOf}), the fast way through a large deck; only a call that
 * differs is looked up again, for the rate's prefix and verdict the report names.
 */
public final class Rerater {
    private static final int BATCH = 64;

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
        CallBatch batch = new CallBatch(BATCH);
        int from = 0;
        while (from < ordered.size()) {
            // A run of calls on one plan, in order, at most one batch long.
            String planId = ordered.get(from).plan();
            RatePlan plan = deck.plan(planId);
            int to = from;
            batch.clear();
            while (to < ordered.size() && !batch.isFull() && ordered.get(to).plan().equals(planId)) {
                CallToRerate call = ordered.get(to++);
                batch.add(call.source(), call.destination(), call.start().getEpochSecond(), call.durationSeconds());
            }
            if (plan != null) {
                plan.costsOf(batch);
            }
            for (int i = 0; i < to - from; i++) {
                CallToRerate call = ordered.get(from + i);
                oldTotal = Math.addExact(oldTotal, call.cost().micros());
                long cost = plan == null ? RatePlan.NOT_RATED : batch.costAt(i);
                if (cost == RatePlan.NOT_RATED) {
                    Rate rate = plan == null ? null : plan.find(call.source(), call.destination(), call.start().getEpochSecond());
                    RatingVerdict verdict = rate == null ? RatingVerdict.RATING_FAILED : rate.verdict();
                    differences.add(new RerateDifference(call.cdrId(), call.cost(), Money.ZERO, verdict,
                            rate == null ? "" : rate.prefix()));
                    newTotal = Math.addExact(newTotal, call.cost().micros());
                    continue;
                }
                newTotal = Math.addExact(newTotal, cost);
                if (cost != call.cost().micros()) {
                    Rate rate = plan.find(call.source(), call.destination(), call.start().getEpochSecond());
                    differences.add(new RerateDifference(call.cdrId(), call.cost(), Money.ofMicros(cost),
                            RatingVerdict.RATED, rate.prefix()));
                }
            }
            from = to;
        }
        return new RerateReport(deck.version(), ordered.size(), differences, Money.ofMicros(oldTotal),
                Money.ofMicros(newTotal));
    }
}
