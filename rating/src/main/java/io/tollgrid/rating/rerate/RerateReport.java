package io.tollgrid.rating.rerate;

import io.tollgrid.money.Money;

import java.util.List;

/**
 * What re-rating found: every changed or unratable call (ordered by start, then CDR id) and totals over
 * all calls examined. Unratable calls count at their old cost in newTotal, so the totals only move by
 * prices that can actually be charged.
 */
public record RerateReport(long deckVersion, int callsExamined, List<RerateDifference> differences, Money oldTotal,
                           Money newTotal) {
    public RerateReport {
        differences = List.copyOf(differences);
    }

    public Money delta() {
        return newTotal.minus(oldTotal);
    }
}
