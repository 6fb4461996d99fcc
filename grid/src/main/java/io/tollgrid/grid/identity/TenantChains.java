package io.tollgrid.grid.identity;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.tenancy.Tenant;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A tenant and its ancestors' ids, nearest first, read without blocking (a client holds no replicated data). */
final class TenantChains {
    private final IgniteCache<String, Tenant> tenants;

    TenantChains(Ignite ignite) {
        this.tenants = ignite.cache(Caches.TENANTS);
    }

    CompletableFuture<List<String>> chainOf(String tenantId) {
        return walk(tenantId, new ArrayList<>());
    }

    private CompletableFuture<List<String>> walk(String tenantId, List<String> chain) {
        if (tenantId == null || chain.size() >= Tenant.MAX_DEPTH) {
            return CompletableFuture.completedFuture(List.copyOf(chain));
        }
        return PayerDirectory.completable(tenants.getAsync(tenantId)).thenCompose(tenant -> {
            if (tenant == null) {
                return CompletableFuture.completedFuture(List.copyOf(chain));
            }
            chain.add(tenant.tenantId());
            return walk(tenant.parentId(), chain);
        });
    }
}
