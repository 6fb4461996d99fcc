package io.tollgrid.grid.tenancy;

import io.tollgrid.grid.node.Caches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

import java.util.ArrayList;
import java.util.List;

/** Walks the tenant tree (a replicated cache, so every walk is local). */
public final class TenantTree {
    private final IgniteCache<String, Tenant> tenants;

    public TenantTree(Ignite ignite) {
        this.tenants = ignite.cache(Caches.TENANTS);
    }

    /** The tenant and its ancestors, nearest first. */
    public List<Tenant> chain(String tenantId) {
        List<Tenant> chain = new ArrayList<>();
        String current = tenantId;
        while (current != null && chain.size() < Tenant.MAX_DEPTH) {
            Tenant tenant = tenants.get(current);
            if (tenant == null) {
                break;
            }
            chain.add(tenant);
            current = tenant.parentId();
        }
        return chain;
    }

    /** True when {@code tenantId} is {@code ancestorId} or lies below it: what a tenant's key may reach. */
    public boolean isWithin(String tenantId, String ancestorId) {
        return chain(tenantId).stream().anyMatch(tenant -> tenant.tenantId().equals(ancestorId));
    }

    /** The tenants in the chain that limit concurrent calls, nearest first. */
    public List<Tenant> limitedChain(String tenantId) {
        return chain(tenantId).stream().filter(tenant -> tenant.maxCalls() > 0).toList();
    }
}
