package io.tollgrid.grid.product;

import io.tollgrid.billing.period.BillingCycle;
import io.tollgrid.billing.period.BillingPeriod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which charges of an assignment are due at an instant: pure. A recurring product is charged in advance, at the
 * start of each period; the first period is the one the assignment was made in, charged in full (pro-rating is
 * not built). A one-off product is charged once, from its assignment on.
 */
final class ChargePlan {
    /** At most this many periods of one assignment per run (three years of months); the rest in the next run. */
    static final int MAX_PERIODS_PER_RUN = 36;

    private ChargePlan() {
    }

    static List<DueCharge> due(Product product, ProductAssignment assignment, Instant now) {
        List<DueCharge> due = new ArrayList<>();
        if (now.toEpochMilli() < assignment.assignedAtMillis()) {
            return due;
        }
        if (!product.isRecurring()) {
            if (assignment.chargedUntilMillis() == 0) {
                due.add(new DueCharge(assignment.accountId(), product.productId(), DueCharge.ONCE,
                        product.priceMicros(), Long.MAX_VALUE));
            }
            return due;
        }
        BillingCycle cycle = product.cycle();
        BillingPeriod period = cycle.periodAt(Instant.ofEpochMilli(
                Math.max(assignment.assignedAtMillis(), assignment.chargedUntilMillis())));
        if (period.startsAt().toEpochMilli() < assignment.chargedUntilMillis()) {
            period = cycle.next(period); // the cursor lies inside a period only if the cycle changed; never twice
        }
        while (!period.startsAt().isAfter(now) && due.size() < MAX_PERIODS_PER_RUN) {
            due.add(new DueCharge(assignment.accountId(), product.productId(), period.key(), product.priceMicros(),
                    period.endsAt().toEpochMilli()));
            period = cycle.next(period);
        }
        return due;
    }
}
