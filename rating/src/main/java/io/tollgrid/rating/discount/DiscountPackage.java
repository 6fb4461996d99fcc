package io.tollgrid.rating.discount;

import io.tollgrid.money.Percentage;
import io.tollgrid.rating.CallType;

import java.util.Optional;

/**
 * A discount an account or extension can be given: a percentage off calls of one call type and/or one
 * destination group (empty means any).
 */
public record DiscountPackage(String id, Optional<CallType> callType, Optional<String> group, Percentage discount) {
    public DiscountPackage {
        if (id == null || id.isBlank() || callType == null || group == null || discount == null) {
            throw new IllegalArgumentException("id, call type, group and discount are required");
        }
        if (discount.ppm() > Percentage.WHOLE) {
            throw new IllegalArgumentException("a discount cannot exceed 100%");
        }
    }

    public boolean appliesTo(CallType type, String destinationGroup) {
        return callType.map(t -> t == type).orElse(true) && group.map(g -> g.equals(destinationGroup)).orElse(true);
    }
}
