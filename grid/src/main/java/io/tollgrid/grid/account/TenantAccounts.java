package io.tollgrid.grid.account;

import io.tollgrid.grid.node.Caches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

import java.util.ArrayList;
import java.util.List;

/**
 * Read-only: one tenant's own accounts (not its customers' below it), for work that runs over a tenant's accounts
 * outside the call path (call alerts, the account listing). A scan of every partition, so it is for periodic jobs and
 * administrators' listings, never a switch's path; each answer holds at most its limit.
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

    /** The most accounts one page of {@link #page} holds. */
    public static final int MAX_PAGE = 500;

    /**
     * One page of the tenant's accounts in id order: at most {@code limit} of those whose id sorts after
     * {@code afterAccountId} (null: from the first). The scan keeps only the {@code limit} smallest ids it has seen,
     * so the memory is bounded by the page, not by the tenant's accounts.
     */
    public List<Account> page(String tenantId, String afterAccountId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " accounts: " + limit);
        }
        java.util.TreeMap<String, Account> smallest = new java.util.TreeMap<>();
        try (var cursor = accounts.query(new ScanQuery<>(new OfTenant(tenantId, afterAccountId)))) {
            for (var entry : cursor) {
                smallest.put(entry.getKey(), entry.getValue());
                if (smallest.size() > limit) {
                    smallest.pollLastEntry();
                }
            }
        }
        return List.copyOf(smallest.values());
    }

    /** Accounts of one tenant, after an id or from the first; a final class, not a record or lambda, so any node can run it. */
    private static final class OfTenant implements IgniteBiPredicate<String, Account> {
        private static final long serialVersionUID = 1L;
        private final String tenantId;
        private final String afterAccountId;

        OfTenant(String tenantId) {
            this(tenantId, null);
        }

        OfTenant(String tenantId, String afterAccountId) {
            this.tenantId = tenantId;
            this.afterAccountId = afterAccountId;
        }

        @Override
        public boolean apply(String accountId, Account account) {
            return tenantId.equals(account.tenantId()) && (afterAccountId == null || accountId.compareTo(afterAccountId) > 0);
        }
    }
}
