package io.tollgrid.grid.tenancy;

import java.util.Objects;

/**
 * A tenant (reseller, enterprise, call shop) in the tenant tree. A tenant with no parent sits directly
 * under the system owner. Stored in Ignite, hence a final class, not a record.
 *
 * @param maxCalls      concurrent calls across every account in this tenant's subtree; 0 means no limit
 * @param walletAccount the tenant's own account that pays when it tops up a customer below it (a transfer, never
 *                      new money); null until the operator names one
 * @param buyPlanId     the rate plan this tenant buys at: the parent of the sell plans it makes of it (markups,
 *                      docs/rating.md "Reseller sell plans"); null until the operator names one
 */
public final class Tenant {
    /** The deepest a tenant tree may go; guards every walk up the tree. */
    public static final int MAX_DEPTH = 16;

    private final String tenantId;
    private final String name;
    private final String parentId;
    private final int maxCalls;
    private final String walletAccount;
    /** Null in tenants stored before buy plans existed, and until the operator names one. */
    private final String buyPlanId;

    public Tenant(String tenantId, String name, String parentId, int maxCalls) {
        this(tenantId, name, parentId, maxCalls, null);
    }

    public Tenant(String tenantId, String name, String parentId, int maxCalls, String walletAccount) {
        this(tenantId, name, parentId, maxCalls, walletAccount, null);
    }

    public Tenant(String tenantId, String name, String parentId, int maxCalls, String walletAccount, String buyPlanId) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.name = Objects.requireNonNull(name, "name");
        if (tenantId.equals(parentId)) {
            throw new IllegalArgumentException("a tenant cannot be its own parent");
        }
        if (maxCalls < 0) {
            throw new IllegalArgumentException("maxCalls must not be negative");
        }
        this.parentId = parentId;
        this.maxCalls = maxCalls;
        this.walletAccount = walletAccount;
        this.buyPlanId = buyPlanId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }

    /** The parent tenant, or null directly under the system owner. */
    public String parentId() {
        return parentId;
    }

    public int maxCalls() {
        return maxCalls;
    }

    /** The account that funds this tenant's top-ups of its customers, or null when it has none. */
    public String walletAccount() {
        return walletAccount;
    }

    /** The rate plan this tenant buys at, or null when the operator has named none. */
    public String buyPlanId() {
        return buyPlanId;
    }
}
