package io.tollgrid.rating.deck;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Rounding;

/** Converts between a plan's pricing units and micros, both ways, under its rounding rule. */
final class PlanPricing {
    final Rounding rounding;
    final RoundingScope scope;
    final long quantum;

    PlanPricing(Rounding rounding, RoundingScope scope, CurrencyPrecision precision) {
        this.rounding = rounding;
        this.scope = scope;
        this.quantum = precision.quantumMicros();
    }

    long toMicros(long units) {
        return scope == RoundingScope.CALL ? rounding.divide(units, 60 * quantum) * quantum : units;
    }

    /** The most units whose cost in micros does not exceed funds; -1 when funds are negative. */
    long budgetUnits(long fundsMicros) {
        if (fundsMicros < 0) {
            return -1;
        }
        if (scope == RoundingScope.INCREMENT) {
            return fundsMicros;
        }
        long quanta = fundsMicros / quantum;
        // Units rounding to exactly `quanta` lie in [(quanta-1)*60q+1, (quanta+1)*60q-1] depending on the mode;
        // search the largest whose rounded cost still fits.
        long low = quanta * 60 * quantum;
        long high = (quanta + 1) * 60 * quantum - 1;
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            if (rounding.divide(mid, 60 * quantum) <= quanta) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
