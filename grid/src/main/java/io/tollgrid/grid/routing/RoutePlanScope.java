package io.tollgrid.grid.routing;

/**
 * Whose calls a route plan routes: one account, every account of a tenant, or (both null) nobody yet, for a
 * plan that is only named. An account's own plan wins over its tenant's.
 */
public record RoutePlanScope(String tenantId, String accountId) {
    public static final RoutePlanScope NONE = new RoutePlanScope(null, null);

    public RoutePlanScope {
        if (tenantId != null && accountId != null) {
            throw new IllegalArgumentException("a route plan applies to a tenant or to an account, not both");
        }
    }
}
