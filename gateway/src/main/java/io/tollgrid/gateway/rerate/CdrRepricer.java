package io.tollgrid.gateway.rerate;

import io.tollgrid.grid.charging.PlanTariff;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.prefix.Digits;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prices a stored CDR again, by the plan that priced it (named in its rate id) as it stands now: a plan of the given
 * rate deck, else the grid's flat plan of that id ({@link PlanTariff}, the rule authorise and file imports use), for
 * the seconds the call was rated for, from its start. A switch-API call's callee is normalised by the deck as
 * authorise normalised it; a file's CDR holds the digits its import normalised.
 */
final class CdrRepricer {
    /** Why a CDR is not priced again. */
    enum Skip {
        /** Not answered, or answered for 0 s: it costs nothing under any price. */
        UNANSWERED,
        /** Never priced by a plan: an unrated leg, a B leg priced on its A leg, a free feature code. */
        NOT_PRICED,
        /** A file's CDR written before rows kept the answered seconds (its duration holds the ring time too). */
        SECONDS_UNKNOWN,
        /** The plan its rate id names is neither in the deck nor a flat plan of the grid any more. */
        UNKNOWN_PLAN,
        /** The plan has no rate for its number at its start any more (or blocks it). */
        UNRATED
    }

    /** What re-pricing one CDR gives: the CDR priced again, or why it was not. */
    record Verdict(RatedCdr repriced, Skip skipped, String detail) {
        static Verdict skip(Skip why, String detail) {
            return new Verdict(null, why, detail);
        }
    }

    /** A deck rate's id: plan, prefix and the deck version that priced it ("retail/44@v3"). */
    private static final Pattern DECK_RATE = Pattern.compile("(.+)/[0-9]*@v[0-9]+");
    private static final Set<String> NOT_PRICED = Set.of(RatedCdr.UNRATED, RatedCdr.B_LEG, RatedCdr.FEATURE_CODE);

    private final RateDeck deck;
    private final Function<String, RatePlan> flatPlans;

    /**
     * @param deck      the deck to price by (the active one), or null when none was ever activated
     * @param flatPlans the grid's flat plan of an id, or null
     */
    CdrRepricer(RateDeck deck, Function<String, RatePlan> flatPlans) {
        this.deck = deck;
        this.flatPlans = flatPlans;
    }

    Verdict reprice(RatedCdr cdr) {
        if (!"ANSWERED".equals(cdr.disposition()) || cdr.durationSeconds() == 0) {
            return Verdict.skip(Skip.UNANSWERED, null);
        }
        if (cdr.rateId() == null || NOT_PRICED.contains(cdr.rateId())) {
            return Verdict.skip(Skip.NOT_PRICED, cdr.rateId());
        }
        boolean switchApi = RatedCdr.SWITCH_API_SOURCE.equals(cdr.source());
        if (!switchApi && cdr.answerTime() != null
                && cdr.durationSeconds() > Duration.between(cdr.answerTime(), cdr.endTime()).toSeconds() + 1) {
            return Verdict.skip(Skip.SECONDS_UNKNOWN, cdr.durationSeconds() + " s from setup to end");
        }
        Matcher deckRate = DECK_RATE.matcher(cdr.rateId());
        String planId = deckRate.matches() ? deckRate.group(1) : cdr.rateId();
        PlanTariff tariff = PlanTariff.of(deck, planId, flatPlans);
        long startSecond = cdr.startTime().getEpochSecond();
        PlanTariff.Priced priced;
        if (tariff instanceof PlanTariff.FromDeck fromDeck) {
            String digits = switchApi ? deck.normalise(null, cdr.callee()) : cdr.callee();
            if (digits == null || !digits.matches("[0-9]+")) {
                return Verdict.skip(Skip.UNRATED, "not a number: " + cdr.callee());
            }
            long number = Digits.pack(digits);
            Rate rate = fromDeck.plan().find(number, startSecond);
            if (!rate.isRated()) {
                return Verdict.skip(Skip.UNRATED, planId + " " + digits + ": " + rate.verdict());
            }
            priced = fromDeck.price(rate, number, startSecond);
        } else if (tariff instanceof PlanTariff.Flat flat) {
            priced = flat.price();
        } else {
            return Verdict.skip(Skip.UNKNOWN_PLAN, planId);
        }
        long seconds = cdr.durationSeconds();
        return new Verdict(cdr.repriced(priced.rateId(), priced.pricing().billedSeconds(seconds),
                Money.ofMicros(priced.pricing().cost(seconds))), null, null);
    }
}
