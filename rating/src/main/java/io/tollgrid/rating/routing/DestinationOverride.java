package io.tollgrid.rating.routing;

import java.util.List;

/**
 * A destination that routes its own way: for callees starting with {@code prefix} (the longest matching
 * override wins) its strategy and carriers replace the plan's.
 */
public record DestinationOverride(String prefix, Strategy strategy, List<RouteEntry> carriers)
        implements java.io.Serializable {
    public DestinationOverride {
        if (prefix == null || !prefix.matches("[0-9]{1,15}")) {
            throw new IllegalArgumentException("override prefix must be 1 to 15 digits: " + prefix);
        }
        if (strategy == null) {
            throw new IllegalArgumentException("override strategy is required");
        }
        carriers = RoutePlan.checkedEntries(carriers, "override " + prefix);
    }
}
