package io.tollgrid.rating.discount;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Percentage;
import io.tollgrid.money.Rounding;
import io.tollgrid.rating.CallType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A plan's volume tiers, and the rule for taking discounts off a cost: the reached volume tier first,
 * then each matching package in the order given, each on what is left. Every discount amount is
 * rounded DOWN to the currency precision, so the customer is never credited a fraction too much.
 */
public final class Discounts {
    private final List<VolumeTier> tiers;

    public Discounts(List<VolumeTier> tiers) {
        List<VolumeTier> sorted = new ArrayList<>(tiers);
        sorted.sort(Comparator.comparing(VolumeTier::callType).thenComparing(VolumeTier::basis)
                .thenComparingLong(VolumeTier::threshold));
        this.tiers = List.copyOf(sorted);
    }

    public List<VolumeTier> tiers() {
        return tiers;
    }

    /** The discount of the highest tier reached for this call type; zero when none is. */
    public Percentage volumeDiscount(CallType type, PeriodUsage usage) {
        Percentage best = Percentage.ZERO;
        long bestThreshold = -1;
        for (VolumeTier tier : tiers) {
            if (tier.callType() != type) {
                continue;
            }
            long reached = tier.basis() == VolumeBasis.MINUTES ? usage.seconds() / 60 : usage.spendMicros();
            if (reached >= tier.threshold() && tier.threshold() >= bestThreshold) {
                best = tier.discount();
                bestThreshold = tier.threshold();
            }
        }
        return best;
    }

    /** The cost after the volume tier and the matching packages. */
    public long apply(long costMicros, CallType type, String group, PeriodUsage usage,
                      List<DiscountPackage> packages, CurrencyPrecision precision) {
        long quantum = precision.quantumMicros();
        long cost = minus(costMicros, volumeDiscount(type, usage), quantum);
        for (DiscountPackage discountPackage : packages) {
            if (discountPackage.appliesTo(type, group)) {
                cost = minus(cost, discountPackage.discount(), quantum);
            }
        }
        return cost;
    }

    private static long minus(long cost, Percentage discount, long quantum) {
        if (discount.isZero()) {
            return cost;
        }
        long off = Rounding.DOWN.toQuantum(discount.of(cost, Rounding.DOWN), quantum);
        return cost - off;
    }
}
