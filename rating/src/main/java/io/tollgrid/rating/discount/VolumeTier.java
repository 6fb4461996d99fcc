package io.tollgrid.rating.discount;

import io.tollgrid.money.Percentage;
import io.tollgrid.rating.CallType;

/**
 * Once usage of this call type in the period reaches threshold (minutes, or micros of spend), later
 * calls of that type get this discount. The highest reached tier applies to the whole call.
 */
public record VolumeTier(String plan, CallType callType, VolumeBasis basis, long threshold, Percentage discount) {
    public VolumeTier {
        if (plan == null || plan.isBlank() || callType == null || basis == null || discount == null) {
            throw new IllegalArgumentException("plan, call type, basis and discount are required");
        }
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative: " + threshold);
        }
        if (discount.ppm() > Percentage.WHOLE) {
            throw new IllegalArgumentException("a discount cannot exceed 100%");
        }
    }
}
