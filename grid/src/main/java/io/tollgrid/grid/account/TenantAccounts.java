package io.tollgrid.grid.account;

import io.tollgrid.grid.node.Caches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

import java.util.ArrayList;
import java.util.List;

/**
 * Read-only: the ids of one tenant's own accounts (not its customers' below it), for work that runs over a tenant's
 * accounts outside the call path (call alerts). A scan of every partition, so it is for periodic jobs, never a
 * request's path.
 */
public final class TenantAccounts {
    private final IgniteCache<String, Account> accounts;

    public TenantAccounts(Ignite ignite) {
        this.accounts = ignite.cache(Caches.ACCOUNTS);
    }

    /** At most {@code limit} account ids of the tenant, sorted. */
    public List<String> ids(String tenantId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<String> found = new ArrayList<>();
        try (var cursor = accounts.query(new ScanQuery<>(new OfTenant(tenantId)))) {
            for (var entry : cursor) {
                found.add(entry.getKey());
                if (found.size() >= limit) {
                    break;
                }
            }
        }
        found.sort(String::compareTo);
        return found;
    }

    /** Accounts of one tenant; a final class, not a record or lambda, so any node can run it. */
    private static final class OfTenant implements IgniteBiPredicate<String, Account> {
        private static final long serialVersionUID = 1L;
        private final String tenantId;

        OfTenant(String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public boolean apply(String accountId, Account account) {
            return tenantId.equals(account.tenantId());
        }
    }
}
