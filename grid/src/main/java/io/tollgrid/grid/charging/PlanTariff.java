package io.tollgrid.grid.charging;

import io.tollgrid.rating.CallType;

import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;

import java.util.function.Function;

/**
 * What prices a plan's calls: the active rate deck when it defines the plan, else the plan's flat rate stored
 * in the grid. This is the one place that rule lives; the charging core (authorise) and file imports (ingest)
 * both ask it, so an imported CDR costs what the same call costs at stop.
 */
public sealed interface PlanTariff {
    /** The plan's id, as the account names it. */
    String planId();

    /**
     * The plan's tariff, or null when neither the deck nor the stored flat plans know it.
     *
     * @param activeDeck the deck in force, or null when none was ever activated
     * @param flatPlans  looks up a stored flat plan; asked only when the deck does not define the plan
     */
    static PlanTariff of(RateDeck activeDeck, String planId, Function<String, RatePlan> flatPlans) {
        io.tollgrid.rating.deck.RatePlan deckPlan = activeDeck == null ? null : activeDeck.plan(planId);
        if (deckPlan != null) {
            return new FromDeck(deckPlan, activeDeck.version());
        }
        RatePlan flat = flatPlans.apply(planId);
        return flat == null ? null : new Flat(flat);
    }

    /**
     * How one call is priced, the id its CDR names the rate by ("retail/44@v3" for a deck rate), and the call type
     * the deck gives the number (null for a flat-rate plan, which has none).
     */
    record Priced(String rateId, CallPricing pricing, CallType callType) {
    }

    /** A plan of the active deck: each call finds its rate by the dialled number and the start instant. */
    record FromDeck(io.tollgrid.rating.deck.RatePlan plan, long deckVersion) implements PlanTariff {
        @Override
        public String planId() {
            return plan.id();
        }

        /** A rated call's pricing, from the instant it was found at, and the call type of its (normalised) number. */
        public Priced price(Rate rate, long normalisedNumber, long startEpochSecond) {
            if (!rate.isRated()) {
                throw new IllegalArgumentException("only a rated call has a price: " + rate.verdict());
            }
            return new Priced(CallPricing.deckRateId(rate, deckVersion), CallPricing.deck(rate, startEpochSecond),
                    plan.callType(normalisedNumber));
        }
    }

    /** A stored flat-rate plan: one price for every destination. */
    record Flat(RatePlan plan) implements PlanTariff {
        @Override
        public String planId() {
            return plan.planId();
        }

        public Priced price() {
            return new Priced(plan.planId(), CallPricing.flat(plan.rate()), null);
        }
    }
}
