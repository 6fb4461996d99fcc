package io.tollgrid.rating.deck;

import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;

/**
 * A reseller plan's markup on the rates it inherits from its parent, for one destination group ("*"
 * for every group without its own row): price and connect fee grow by percent (rounded UP to the
 * micro), then fixed is added to the price in the rate's own unit (per minute or per pulse).
 */
public record MarkupRow(String plan, String group, Percentage percent, Money fixed) {
    public static final String ANY_GROUP = "*";

    public MarkupRow {
        if (plan == null || plan.isBlank() || group == null || group.isBlank() || percent == null || fixed == null) {
            throw new IllegalArgumentException("plan, group, percent and fixed are required");
        }
        if (fixed.isNegative()) {
            throw new IllegalArgumentException("a fixed markup must not be negative");
        }
    }
}
