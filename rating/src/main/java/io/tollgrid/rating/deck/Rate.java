package io.tollgrid.rating.deck;

import io.tollgrid.money.Money;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.bands.BandClock;
import io.tollgrid.rating.prefix.Digits;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One compiled rate: a destination prefix's terms for one effective window and priority in one plan,
 * or a denial. {@link #cost} and {@link #maxDurationSeconds} are exact inverses of each other and
 * allocate nothing.
 *
 * <p>Pricing walk: the band in force at the start decides grace, minimum, connect fee and the initial
 * increment. Each later increment is priced by the band in force when it starts (SPLIT) or by the start
 * band (START). Within one band every increment costs the same, so the walk moves a band segment at a
 * time, not a second at a time.
 */
public final class Rate {
    private final RatePlan plan;
    private final long prefix;
    private final Destination destination;
    private final RatingVerdict verdict;
    private final long effectiveFrom;
    private final long effectiveTo;
    private final int priority;
    private final boolean inherited;
    private final RateTerms terms;
    /** The next candidate for the same prefix: lower priority, or same priority and older. */
    final Rate next;

    Rate(RatePlan plan, long prefix, Destination destination, RatingVerdict verdict, long effectiveFrom,
         long effectiveTo, int priority, boolean inherited, RateTerms terms, Rate next) {
        this.plan = plan;
        this.prefix = prefix;
        this.destination = destination;
        this.verdict = verdict;
        this.effectiveFrom = effectiveFrom;
        this.effectiveTo = effectiveTo;
        this.priority = priority;
        this.inherited = inherited;
        this.terms = terms;
        this.next = next;
    }

    boolean isEffectiveAt(long epochSecond) {
        return effectiveFrom <= epochSecond && epochSecond < effectiveTo;
    }

    public RatePlan plan() {
        return plan;
    }

    public RatingVerdict verdict() {
        return verdict;
    }

    public boolean isRated() {
        return verdict == RatingVerdict.RATED;
    }

    /** The matched prefix; empty for the no-match rate. */
    public String prefix() {
        return Digits.unpack(prefix);
    }

    public Destination destination() {
        return destination;
    }

    public Instant effectiveFrom() {
        return Instant.ofEpochSecond(effectiveFrom);
    }

    /** Null when open-ended. */
    public Instant effectiveTo() {
        return effectiveTo == Long.MAX_VALUE ? null : Instant.ofEpochSecond(effectiveTo);
    }

    public int priority() {
        return priority;
    }

    /** True when the plan got this rate from its parent (with any markup applied). */
    public boolean isInherited() {
        return inherited;
    }

    /** The terms as defined, by band name ("*" for the default band). Allocates; not for the hot path. */
    public Map<String, Tariff> tariffsByBand() {
        Map<String, Tariff> byName = new LinkedHashMap<>();
        if (terms != null) {
            for (int i = 0; i < terms.bandNames.length; i++) {
                byName.put(terms.bandNames[i], terms.tariffs[i]);
            }
        }
        return byName;
    }

    /** The tariff that prices a call starting at this instant. */
    public Tariff tariffAt(long epochSecond) {
        requireRated();
        return tariffAtStart(epochSecond).tariff;
    }

    long prefixKey() {
        return prefix;
    }

    RateTerms terms() {
        return terms;
    }

    long effectiveFromSecond() {
        return effectiveFrom;
    }

    long effectiveToSecond() {
        return effectiveTo;
    }

    public Money cost(Instant start, long durationSeconds) {
        return Money.ofMicros(cost(start.getEpochSecond(), durationSeconds));
    }

    public long maxDurationSeconds(Instant start, Money funds) {
        return maxDurationSeconds(start.getEpochSecond(), funds.micros());
    }

    /** The cost in micros of a call starting at startEpochSecond and lasting durationSeconds. */
    public long cost(long startEpochSecond, long durationSeconds) {
        requireRated();
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationSeconds);
        }
        if (durationSeconds == 0) {
            return 0;
        }
        PricedTariff first = tariffAtStart(startEpochSecond);
        if (durationSeconds <= first.graceSeconds) {
            return 0;
        }
        long target = Math.max(durationSeconds, first.minimumSeconds);
        long units = first.connectUnits + first.initialUnits;
        long covered = first.initialSeconds;
        long at = startEpochSecond + covered;
        boolean split = splitsByBand();
        BandClock clock = plan.clock();
        while (covered < target) {
            PricedTariff tariff = first;
            long increments = ceilDiv(target - covered, tariff.nextSeconds);
            if (split) {
                tariff = terms.byBand[clock.bandAt(at)];
                long fitting = ceilDiv(clock.nextChangeAfter(at) - at, tariff.nextSeconds);
                increments = Math.min(ceilDiv(target - covered, tariff.nextSeconds), fitting);
            }
            units += increments * tariff.nextUnits;
            covered += increments * tariff.nextSeconds;
            at += increments * tariff.nextSeconds;
        }
        return plan.pricing().toMicros(units);
    }

    /**
     * The longest duration whose cost does not exceed the funds: an increment boundary, or the grace
     * period when not even the first billed block is affordable; never above the plan's max grant.
     */
    public long maxDurationSeconds(long startEpochSecond, long fundsMicros) {
        requireRated();
        if (fundsMicros < 0) {
            return 0;
        }
        PricedTariff first = tariffAtStart(startEpochSecond);
        long cap = plan.maxGrantSeconds();
        long budget = plan.pricing().budgetUnits(fundsMicros);
        long mustCover = Math.max(first.initialSeconds, first.minimumSeconds);
        long units = first.connectUnits + first.initialUnits;
        long covered = first.initialSeconds;
        long at = startEpochSecond + covered;
        boolean split = splitsByBand();
        BandClock clock = plan.clock();
        while (covered < mustCover) {
            PricedTariff tariff = split ? terms.byBand[clock.bandAt(at)] : first;
            long increments = ceilDiv(mustCover - covered, tariff.nextSeconds);
            if (split) {
                increments = Math.min(increments, ceilDiv(clock.nextChangeAfter(at) - at, tariff.nextSeconds));
            }
            units += increments * tariff.nextUnits;
            covered += increments * tariff.nextSeconds;
            at += increments * tariff.nextSeconds;
        }
        if (units > budget) {
            return Math.min(first.graceSeconds, cap);
        }
        while (covered < cap) {
            PricedTariff tariff = split ? terms.byBand[clock.bandAt(at)] : first;
            long increments = ceilDiv(cap - covered, tariff.nextSeconds);
            if (split) {
                increments = Math.min(increments, ceilDiv(clock.nextChangeAfter(at) - at, tariff.nextSeconds));
            }
            if (tariff.nextUnits > 0) {
                increments = Math.min(increments, (budget - units) / tariff.nextUnits);
            }
            if (increments == 0) {
                break;
            }
            units += increments * tariff.nextUnits;
            covered += increments * tariff.nextSeconds;
            at += increments * tariff.nextSeconds;
        }
        return Math.min(Math.max(covered, first.graceSeconds), cap);
    }

    private boolean splitsByBand() {
        return terms.byBand.length > 1 && !plan.clock().pricesWholeCallByStart();
    }

    private PricedTariff tariffAtStart(long epochSecond) {
        PricedTariff[] byBand = terms.byBand;
        return byBand.length == 1 ? byBand[0] : byBand[plan.clock().bandAt(epochSecond)];
    }

    private void requireRated() {
        if (verdict != RatingVerdict.RATED) {
            throw new IllegalStateException("cannot price a denied rate: " + verdict);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public String toString() {
        return "Rate[" + plan.id() + " " + prefix() + " " + verdict + " from " + effectiveFrom() + " priority "
                + priority + "]";
    }
}
