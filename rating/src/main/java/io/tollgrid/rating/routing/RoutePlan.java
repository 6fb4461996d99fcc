package io.tollgrid.rating.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How one tenant's or account's calls are routed.
 *
 * @param marginSeconds       the call length margins are compared at: sell and buy cost of a call this long at the
 *                            call's start (connect fees, increments, minimums and bands included)
 * @param allowNegativeMargin when false, a carrier that costs more than the sell price is never offered
 * @param quality             required for QUALITY (here or in an override), else may be null
 * @param blockedCarriers     carriers this plan never offers, whatever their status
 */
public record RoutePlan(String id, Strategy strategy, List<RouteEntry> carriers, List<DestinationOverride> overrides,
                        Set<String> blockedCarriers, boolean allowNegativeMargin, int marginSeconds,
                        QualityThreshold quality) implements java.io.Serializable {
    /** Carriers per plan or override: a route list longer than this is never tried to its end by a switch. */
    public static final int MAX_CARRIERS = 32;
    public static final int MAX_OVERRIDES = 1_000;
    public static final int MAX_MARGIN_SECONDS = 3_600;

    public RoutePlan {
        Carrier.requireId("route plan id", id);
        if (strategy == null) {
            throw new IllegalArgumentException("strategy is required");
        }
        carriers = checkedEntries(carriers, "plan " + id);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        if (overrides.size() > MAX_OVERRIDES) {
            throw new IllegalArgumentException("at most " + MAX_OVERRIDES + " overrides per plan");
        }
        Set<String> prefixes = new HashSet<>();
        for (DestinationOverride override : overrides) {
            if (!prefixes.add(override.prefix())) {
                throw new IllegalArgumentException("two overrides for prefix " + override.prefix());
            }
            if (override.strategy() == Strategy.QUALITY && quality == null) {
                throw new IllegalArgumentException("override " + override.prefix() + " is QUALITY but the plan has no quality threshold");
            }
        }
        blockedCarriers = blockedCarriers == null ? Set.of() : Set.copyOf(blockedCarriers);
        for (String blocked : blockedCarriers) {
            Carrier.requireId("blocked carrier", blocked);
        }
        if (marginSeconds < 1 || marginSeconds > MAX_MARGIN_SECONDS) {
            throw new IllegalArgumentException("marginSeconds must be 1 to " + MAX_MARGIN_SECONDS + ": " + marginSeconds);
        }
        if (strategy == Strategy.QUALITY && quality == null) {
            throw new IllegalArgumentException("a QUALITY plan needs a quality threshold");
        }
    }

    /** The override for this E.164 number with the longest prefix, or null. */
    public DestinationOverride overrideFor(String e164) {
        DestinationOverride best = null;
        for (DestinationOverride override : overrides) {
            if (e164.startsWith(override.prefix()) && (best == null || override.prefix().length() > best.prefix().length())) {
                best = override;
            }
        }
        return best;
    }

    static List<RouteEntry> checkedEntries(List<RouteEntry> entries, String where) {
        if (entries == null || entries.isEmpty() || entries.size() > MAX_CARRIERS) {
            throw new IllegalArgumentException(where + " needs 1 to " + MAX_CARRIERS + " carriers");
        }
        Set<String> seen = new HashSet<>();
        for (RouteEntry entry : entries) {
            if (!seen.add(entry.carrierId())) {
                throw new IllegalArgumentException(where + " names carrier " + entry.carrierId() + " twice");
            }
        }
        return List.copyOf(entries);
    }
}
