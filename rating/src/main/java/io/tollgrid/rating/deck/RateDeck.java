package io.tollgrid.rating.deck;

import io.tollgrid.rating.CallType;
import io.tollgrid.rating.bands.BandRow;
import io.tollgrid.rating.discount.DiscountPackage;
import io.tollgrid.rating.discount.PeriodUsage;
import io.tollgrid.rating.discount.VolumeTier;
import io.tollgrid.rating.prefix.CallTypeRow;
import io.tollgrid.rating.prefix.DialRule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, versioned, compiled set of rate plans with the normalisation rules and call-type prefix
 * sets they share. Built only by {@link DeckBuilder}; safe to share between threads; swap versions with
 * {@link CurrentDeck}.
 */
public final class RateDeck {
    private final long version;
    private final Map<String, RatePlan> plans;
    private final DialPlan dialPlan;
    private final Map<String, DiscountPackage> packages;
    private final List<BandRow> bandRows;
    private final List<MarkupRow> markupRows;

    RateDeck(long version, Map<String, RatePlan> plans, DialPlan dialPlan, Map<String, DiscountPackage> packages,
             List<BandRow> bandRows, List<MarkupRow> markupRows) {
        this.version = version;
        this.plans = Map.copyOf(plans);
        this.dialPlan = dialPlan;
        this.packages = Map.copyOf(packages);
        this.bandRows = List.copyOf(bandRows);
        this.markupRows = List.copyOf(markupRows);
    }

    public long version() {
        return version;
    }

    /** The plan with this id, or null when the deck has none (no allocation on the hot path). */
    public RatePlan plan(String id) {
        return plans.get(id);
    }

    /**
     * Rates one call: normalise the dialled number by the source's rule, find the rate in force at the
     * start, and classify the call type.
     *
     * @throws IllegalArgumentException when the plan is unknown
     */
    public Quote quote(String planId, String source, CharSequence dialled, Instant start) {
        RatePlan plan = plans.get(planId);
        if (plan == null) {
            throw new IllegalArgumentException("unknown rate plan: " + planId);
        }
        return plan.quote(source, dialled, start);
    }

    public CallType callType(String source, CharSequence dialled) {
        return dialPlan.callType(dialPlan.normalise(source, dialled));
    }

    /** The E.164 digits a dialled number normalises to under the source's rule ("" if not a number). */
    public String normalise(String source, CharSequence dialled) {
        return io.tollgrid.rating.prefix.Digits.unpack(dialPlan.normalise(source, dialled));
    }

    /**
     * A rated cost after the plan's volume tier for this call type and the given packages (unknown
     * package ids are an error: the account references something the deck no longer has).
     */
    public long discountedCost(Rate rate, CallType type, long costMicros, PeriodUsage usage, List<String> packageIds) {
        List<DiscountPackage> assigned = new ArrayList<>(packageIds.size());
        for (String id : packageIds) {
            DiscountPackage found = packages.get(id);
            if (found == null) {
                throw new IllegalArgumentException("unknown discount package: " + id);
            }
            assigned.add(found);
        }
        RatePlan plan = rate.plan();
        return plan.discounts().apply(costMicros, type, rate.destination().group(), usage, assigned,
                plan.settings().precision());
    }

    public Optional<DiscountPackage> discountPackage(String id) {
        return Optional.ofNullable(packages.get(id));
    }

    // ---- the definition, for export: canonical order, so equal decks export equal text ----

    public List<PlanRow> planRows() {
        return plans.values().stream().map(RatePlan::settings).sorted(Comparator.comparing(PlanRow::plan)).toList();
    }

    public List<BandRow> bandRows() {
        return bandRows;
    }

    public List<DialRule> dialRules() {
        return dialPlan.rules();
    }

    public List<CallTypeRow> callTypeRows() {
        return dialPlan.callTypes().rows();
    }

    public List<MarkupRow> markupRows() {
        return markupRows;
    }

    public List<VolumeTier> volumeTiers() {
        return plans.values().stream().sorted(Comparator.comparing(RatePlan::id))
                .flatMap(p -> p.discounts().tiers().stream()).toList();
    }

    public List<DiscountPackage> discountPackages() {
        return packages.values().stream().sorted(Comparator.comparing(DiscountPackage::id)).toList();
    }

    /** The plans' own rates (not inherited ones) as rows, ordered by plan, prefix, effective-from, priority, band. */
    public List<RateRow> rateRows() {
        List<RateRow> rows = new ArrayList<>();
        for (PlanRow planRow : planRows()) {
            RatePlan plan = plans.get(planRow.plan());
            List<Rate> own = new ArrayList<>();
            plan.forEachRate(rate -> {
                if (!rate.isInherited()) {
                    own.add(rate);
                }
            });
            own.sort(Comparator.comparing(Rate::prefix).thenComparingLong(Rate::effectiveFromSecond)
                    .thenComparing(Comparator.comparingInt(Rate::priority).reversed()));
            for (Rate rate : own) {
                Optional<Instant> to = Optional.ofNullable(rate.effectiveTo());
                if (!rate.isRated()) {
                    rows.add(new RateRow(plan.id(), rate.prefix(), rate.destination().description(),
                            rate.destination().group(), BandRow.DEFAULT_BAND, true, Optional.empty(),
                            rate.effectiveFrom(), to, rate.priority()));
                    continue;
                }
                RateTerms terms = rate.terms();
                for (int i = 0; i < terms.bandNames.length; i++) {
                    rows.add(new RateRow(plan.id(), rate.prefix(), rate.destination().description(),
                            rate.destination().group(), terms.bandNames[i], false, Optional.of(terms.tariffs[i]),
                            rate.effectiveFrom(), to, rate.priority()));
                }
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return "RateDeck[version " + version + ", plans " + plans.keySet() + "]";
    }
}
