package io.tollgrid.rating.routing;

import io.tollgrid.money.Money;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RatePlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Orders the carriers of a route plan for one call. For each carrier the plan names (or the longest
 * matching override names) it skips what may not be offered (unknown, blocked, no buy rate, a negative
 * margin the plan does not allow, quality below the threshold), prices the rest with the carrier's buy plan
 * of the deck at the call's start, orders them by the strategy, and lists each carrier's gateways in turn.
 * Immutable and allocation-happy: it answers route queries, not the authorise hot path.
 */
public final class Router {
    private static final Comparator<Candidate> CHEAPEST = Comparator.comparingLong(Candidate::buyMicros);
    private static final Comparator<Candidate> HIGHEST_PRIORITY =
            Comparator.comparingInt((Candidate c) -> c.entry().priority()).reversed();
    private static final Comparator<Candidate> BY_ID = Comparator.comparing(c -> c.carrier().id());
    private static final Comparator<Candidate> LEAST_COST = CHEAPEST.thenComparing(HIGHEST_PRIORITY).thenComparing(BY_ID);
    private static final Comparator<Candidate> PRIORITY = HIGHEST_PRIORITY.thenComparing(CHEAPEST).thenComparing(BY_ID);

    private final Map<String, Carrier> carriers;
    private final RateDeck buyDeck;
    private final QualityStats quality;

    public Router(Map<String, Carrier> carriers, RateDeck buyDeck, QualityStats quality) {
        this.carriers = Map.copyOf(carriers);
        this.buyDeck = buyDeck;
        this.quality = quality;
    }

    public RouteList route(RoutePlan plan, RouteRequest request) {
        String e164 = buyDeck.normalise(request.source(), request.callee());
        if (e164.isEmpty()) {
            throw new IllegalArgumentException("callee is not a number: " + request.callee());
        }
        DestinationOverride override = plan.overrideFor(e164);
        Strategy strategy = override == null ? plan.strategy() : override.strategy();
        List<RouteEntry> entries = override == null ? plan.carriers() : override.carriers();
        long sellMicros = request.sellPrice().costMicros(plan.marginSeconds());

        List<Candidate> candidates = new ArrayList<>(entries.size());
        List<Skipped> skipped = new ArrayList<>();
        for (RouteEntry entry : entries) {
            SkipReason reason = null;
            Carrier carrier = carriers.get(entry.carrierId());
            Rate buy = null;
            if (carrier == null) {
                reason = SkipReason.UNKNOWN_CARRIER;
            } else if (!carrier.isActive()) {
                reason = SkipReason.CARRIER_BLOCKED;
            } else if (plan.blockedCarriers().contains(carrier.id())) {
                reason = SkipReason.BLOCKED_BY_PLAN;
            } else {
                RatePlan buyPlan = buyDeck.plan(carrier.buyPlan());
                if (buyPlan == null) {
                    reason = SkipReason.NO_BUY_PLAN;
                } else {
                    buy = buyPlan.find(request.source(), request.callee(), request.startEpochSecond());
                    if (buy.verdict() == RatingVerdict.DESTINATION_BLOCKED) {
                        reason = SkipReason.BUY_DESTINATION_BLOCKED;
                    } else if (!buy.isRated()) {
                        reason = SkipReason.NO_BUY_RATE;
                    }
                }
            }
            long buyMicros = 0;
            if (reason == null) {
                buyMicros = buy.cost(request.startEpochSecond(), plan.marginSeconds());
                if (buyMicros > sellMicros && !plan.allowNegativeMargin()) {
                    reason = SkipReason.NEGATIVE_MARGIN;
                } else if (strategy == Strategy.QUALITY && !acceptable(plan.quality(), carrier.id(), buy.prefix())) {
                    reason = SkipReason.QUALITY_BELOW_THRESHOLD;
                }
            }
            if (reason == null) {
                candidates.add(new Candidate(entry, carrier, buy.prefix(), buyMicros));
            } else {
                skipped.add(new Skipped(entry.carrierId(), reason));
            }
        }

        List<Candidate> ordered = switch (strategy) {
            case LEAST_COST, QUALITY -> sorted(candidates, LEAST_COST);
            case PRIORITY -> sorted(candidates, PRIORITY);
            case WEIGHT -> weighted(candidates, new SplittableRandom(request.seed()));
        };
        List<Route> routes = new ArrayList<>();
        Money sell = Money.ofMicros(sellMicros);
        for (Candidate candidate : ordered) {
            Money buyCost = Money.ofMicros(candidate.buyMicros());
            for (SipGateway gateway : candidate.carrier().gateways()) {
                routes.add(new Route(candidate.carrier().id(), gateway.uri(e164), candidate.buyPrefix(), buyCost, sell,
                        sell.minus(buyCost)));
            }
        }
        return new RouteList(plan.id(), strategy, e164, override == null ? null : override.prefix(),
                plan.marginSeconds(), routes, skipped);
    }

    private boolean acceptable(QualityThreshold threshold, String carrierId, String prefix) {
        QualityWindow window = quality.window(carrierId, prefix);
        return window == null || threshold.accepts(window);
    }

    private static List<Candidate> sorted(List<Candidate> candidates, Comparator<Candidate> order) {
        List<Candidate> copy = new ArrayList<>(candidates);
        copy.sort(order);
        return copy;
    }

    /**
     * A draw without replacement: each next carrier is picked with probability weight / remaining weight, so
     * the first route goes to each carrier in proportion to its weight. Carriers of weight 0 follow in the
     * plan's order.
     */
    static List<Candidate> weighted(List<Candidate> candidates, SplittableRandom random) {
        List<Candidate> pool = new ArrayList<>();
        List<Candidate> unweighted = new ArrayList<>();
        long total = 0;
        for (Candidate candidate : candidates) {
            if (candidate.entry().weight() > 0) {
                pool.add(candidate);
                total += candidate.entry().weight();
            } else {
                unweighted.add(candidate);
            }
        }
        List<Candidate> ordered = new ArrayList<>(candidates.size());
        while (!pool.isEmpty()) {
            long ticket = random.nextLong(total);
            int chosen = 0;
            while (ticket >= pool.get(chosen).entry().weight()) {
                ticket -= pool.get(chosen).entry().weight();
                chosen++;
            }
            Candidate picked = pool.remove(chosen);
            total -= picked.entry().weight();
            ordered.add(picked);
        }
        ordered.addAll(unweighted);
        return ordered;
    }

    record Candidate(RouteEntry entry, Carrier carrier, String buyPrefix, long buyMicros) {
    }
}
