package io.tollgrid.rating.deck;

import io.tollgrid.money.Money;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.prefix.Digits;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One compiled rate: a destination prefix's terms for one effective window and priority in one plan,
 * or a denial. {@link #cost} and {@link #maxDurationSeconds} are exact inverses of each other and
 * allocate nothing; both price the rate's row of its plan's {@link TariffColumns}, where the pricing
 * walk lives.
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
    /** This rate's row in its plan's tariff columns; -1 for a denial. */
    private final int row;
    /** The next candidate for the same prefix: lower priority, or same priority and older. */
    final Rate next;

    Rate(RatePlan plan, long prefix, Destination destination, RatingVerdict verdict, long effectiveFrom,
         long effectiveTo, int priority, boolean inherited, RateTerms terms, int row, Rate next) {
        this.plan = plan;
        this.prefix = prefix;
        this.destination = destination;
        this.verdict = verdict;
        this.effectiveFrom = effectiveFrom;
        this.effectiveTo = effectiveTo;
        this.priority = priority;
        this.inherited = inherited;
        this.terms = terms;
        this.row = row;
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

    int row() {
        return row;
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
        return plan.columns().cost(row, startEpochSecond, durationSeconds);
    }

    /**
     * The longest duration whose cost does not exceed the funds: an increment boundary, or the grace
     * period when not even the first billed block is affordable; never above the plan's max grant.
     */
    public long maxDurationSeconds(long startEpochSecond, long fundsMicros) {
        requireRated();
        return plan.columns().maxDurationSeconds(row, startEpochSecond, fundsMicros);
    }

    private PricedTariff tariffAtStart(long epochSecond) {
        return terms.byBand[plan.columns().startBand(epochSecond)];
    }

    private void requireRated() {
        if (verdict != RatingVerdict.RATED) {
            throw new IllegalStateException("cannot price a denied rate: " + verdict);
        }
    }

    @Override
    public String toString() {
        return "Rate[" + plan.id() + " " + prefix() + " " + verdict + " from " + effectiveFrom() + " priority "
                + priority + "]";
    }
}
