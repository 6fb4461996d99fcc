package io.tollgrid.grid.charging;

import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.tenancy.Tenant;
import org.apache.ignite.IgniteCache;

import java.util.List;

/**
 * Concurrent-call counters of tenants with a limit, shared by every account below them. They are locked
 * nearest-first along a tenant chain; a transaction shared by a batch could hold several chains and take them
 * out of that order, so a step that needs them inside one throws {@link Step.CannotShareTransaction}.
 */
final class TenantSlots {
    private final IgniteCache<String, Integer> counters;

    TenantSlots(IgniteCache<String, Integer> counters) {
        this.counters = counters;
    }

    /** Locks the counters of the limited tenants up the tree (nearest first) and checks each has a slot. */
    boolean free(List<Tenant> limiting, boolean shared) {
        refuseShared(limiting.size(), shared);
        for (Tenant tenant : limiting) {
            Integer active = counters.get(tenant.tenantId());
            if (active != null && active >= tenant.maxCalls()) {
                return false;
            }
        }
        return true;
    }

    /** Takes (+1) or gives back (-1) one slot on each of the tenants. */
    void move(String[] limitedTenants, int delta, boolean shared) {
        refuseShared(limitedTenants.length, shared);
        for (String tenantId : limitedTenants) {
            Integer active = counters.get(tenantId);
            counters.put(tenantId, Math.max(0, (active == null ? 0 : active) + delta));
        }
    }

    /** Read without a lock, only to plan a batch; the step's body finds out again under the lock. */
    static boolean heldBy(Session session) {
        return session != null && session.inProgress() && session.limitedTenants() != null
                && session.limitedTenants().length > 0;
    }

    private static void refuseShared(int counters, boolean shared) {
        if (shared && counters > 0) {
            throw new Step.CannotShareTransaction();
        }
    }
}
