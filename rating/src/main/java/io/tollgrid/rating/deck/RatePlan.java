package io.tollgrid.rating.deck;

import io.tollgrid.rating.CallType;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.bands.BandClock;
import io.tollgrid.rating.discount.Discounts;
import io.tollgrid.rating.prefix.Digits;
import io.tollgrid.rating.prefix.PrefixIndex;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * A compiled rate plan: its own and inherited rates behind one longest-prefix index. At each prefix the
 * candidates are ordered by priority, then newest effective-from; the first effective at the call's
 * start wins. A prefix with no effective candidate falls back to the next shorter prefix.
 *
 * <p>{@link #costOf} and {@link #maxDurationOf} rate a call without touching a {@link Rate}: a prefix
 * whose only candidate is a rated rate carries that rate's row of the {@link TariffColumns} as its index
 * value, which the index reads with the match itself, so when the row's window covers the start, one
 * index entry and one cached row price the call.
 * Every other case (no match, a denial, several candidates, a window that does not cover the start and
 * so falls back to a shorter prefix) takes {@link #find}.
 */
public final class RatePlan {
    /** What {@link #costOf} and {@link #maxDurationOf} answer for a call that is not rated. */
    public static final long NOT_RATED = -1;

    private final PlanRow settings;
    private final BandClock clock;
    private final PlanPricing pricing;
    private final Discounts discounts;
    private final DialPlan dialPlan;
    /** Each prefix's value: the row of its only candidate when that is a rated rate, else NO_VALUE. */
    private PrefixIndex index;
    private Rate[] candidatesAt;
    private TariffColumns columns;
    private final Rate noRate;

    RatePlan(PlanRow settings, BandClock clock, Discounts discounts, DialPlan dialPlan) {
        this.settings = settings;
        this.clock = clock;
        this.pricing = new PlanPricing(settings.rounding(), settings.scope(), settings.precision());
        this.discounts = discounts;
        this.dialPlan = dialPlan;
        this.noRate = new Rate(this, Digits.EMPTY, new Destination("", ""), RatingVerdict.RATING_FAILED,
                Long.MIN_VALUE, Long.MAX_VALUE, 0, false, null, -1, null);
    }

    /** Completes construction; rates need the plan, and the plan needs its rates. */
    void attach(PrefixIndex index, Rate[] candidatesAt, TariffColumns columns) {
        this.index = index;
        this.candidatesAt = candidatesAt;
        this.columns = columns;
    }

    public String id() {
        return settings.plan();
    }

    public PlanRow settings() {
        return settings;
    }

    public long maxGrantSeconds() {
        return settings.maxGrantSeconds();
    }

    public Discounts discounts() {
        return discounts;
    }

    BandClock clock() {
        return clock;
    }

    PlanPricing pricing() {
        return pricing;
    }

    TariffColumns columns() {
        return columns;
    }

    /** Number of distinct prefixes, own and inherited. */
    public int prefixCount() {
        return index.size();
    }

    /**
     * The rate for a normalised packed number at an instant; a RATING_FAILED rate when nothing matches.
     * Never null, allocates nothing.
     */
    public Rate find(long number, long startEpochSecond) {
        return findFrom(index.longestPrefixOf(number), startEpochSecond);
    }

    private Rate findFrom(int longestPrefix, long startEpochSecond) {
        int position = longestPrefix;
        while (position >= 0) {
            for (Rate candidate = candidatesAt[position]; candidate != null; candidate = candidate.next) {
                if (candidate.isEffectiveAt(startEpochSecond)) {
                    return candidate;
                }
            }
            position = index.parentOf(position);
        }
        return noRate;
    }

    /** Normalises the dialled number by the source's rule, then finds its rate. Allocates nothing. */
    public Rate find(String source, CharSequence dialled, long startEpochSecond) {
        return find(dialPlan.normalise(source, dialled), startEpochSecond);
    }

    /**
     * The cost in micros of one call, the same as {@code find(...).cost(...)}; {@link #NOT_RATED} when
     * find's rate is not rated (find says why). Allocates nothing.
     */
    public long costOf(String source, CharSequence dialled, long startEpochSecond, long durationSeconds) {
        int row = rowOf(source, dialled, startEpochSecond);
        return row == PrefixIndex.NO_VALUE ? NOT_RATED : columns.cost(row, startEpochSecond, durationSeconds);
    }

    /**
     * The longest affordable duration of one call, the same as {@code find(...).maxDurationSeconds(...)};
     * {@link #NOT_RATED} when find's rate is not rated (find says why). Allocates nothing.
     */
    public long maxDurationOf(String source, CharSequence dialled, long startEpochSecond, long fundsMicros) {
        int row = rowOf(source, dialled, startEpochSecond);
        return row == PrefixIndex.NO_VALUE ? NOT_RATED
                : columns.maxDurationSeconds(row, startEpochSecond, fundsMicros);
    }

    /**
     * Prices every call in the batch, each exactly as {@link #costOf} would (NOT_RATED included), in
     * stages over the whole batch so that the calls' cache misses overlap: normalise every number, match
     * them all in the index ({@link PrefixIndex#matchAll}), load every call's tariff row, then price.
     * On a deck far larger than the CPU caches this is the fast way to rate many calls on one thread.
     * Allocates nothing.
     */
    public void costsOf(CallBatch batch) {
        int count = batch.size();
        for (int i = 0; i < count; i++) {
            batch.numbers[i] = dialPlan.normalise(batch.sourceAt(i), batch.dialledAt(i));
        }
        long touched = index.matchAll(batch.numbers, batch.matches, count);
        for (int i = 0; i < count; i++) {
            batch.rows[i] = rowOf(batch.matches[i], batch.startAt(i));
        }
        touched ^= columns.touchRows(batch.rows, count);
        for (int i = 0; i < count; i++) {
            int row = batch.rows[i];
            batch.setCost(i, row == PrefixIndex.NO_VALUE ? NOT_RATED
                    : columns.cost(row, batch.startAt(i), batch.durationAt(i)));
        }
        batch.touched = touched;
    }

    /** The tariff-columns row of the rate find would return, or NO_VALUE when that rate is not rated. */
    private int rowOf(String source, CharSequence dialled, long startEpochSecond) {
        return rowOf(index.matchOf(dialPlan.normalise(source, dialled)), startEpochSecond);
    }

    private int rowOf(long match, long startEpochSecond) {
        int onlyRow = PrefixIndex.matchedValue(match);
        if (onlyRow != PrefixIndex.NO_VALUE && columns.isEffectiveAt(onlyRow, startEpochSecond)) {
            return onlyRow;
        }
        Rate rate = findFrom(PrefixIndex.matchedPosition(match), startEpochSecond);
        return rate.isRated() ? rate.row() : PrefixIndex.NO_VALUE;
    }

    /** The full answer for one call, for callers that do not count allocations. */
    public Quote quote(String source, CharSequence dialled, Instant start) {
        long number = dialPlan.normalise(source, dialled);
        long startSecond = start.getEpochSecond();
        Rate rate = find(number, startSecond);
        return new Quote(rate, dialPlan.callType(number), startSecond);
    }

    public CallType callType(String source, CharSequence dialled) {
        return dialPlan.callType(dialPlan.normalise(source, dialled));
    }

    /** The call type of a number already normalised (packed digits, as {@link #find(long, long)} takes it). */
    public CallType callType(long normalisedNumber) {
        return dialPlan.callType(normalisedNumber);
    }

    /** Every candidate at every prefix, in prefix order then candidate order; for export and checks. */
    public void forEachRate(Consumer<Rate> action) {
        for (int position = 0; position < candidatesAt.length; position++) {
            for (Rate rate = candidatesAt[position]; rate != null; rate = rate.next) {
                action.accept(rate);
            }
        }
    }

    @Override
    public String toString() {
        return "RatePlan[" + id() + ", " + prefixCount() + " prefixes]";
    }
}
