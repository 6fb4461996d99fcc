package io.tollgrid.grid.principal;

/**
 * What a principal is. Switches are not principals: they have their own credentials (SwitchDirectory).
 */
public enum Role {
    /** The system owner: everything, everywhere. A principal with this role has no tenant. */
    OPERATOR,
    /** Runs one tenant's subtree: sub-tenants, accounts, extensions, identities, switches, principals. */
    RESELLER_ADMIN,
    /** Runs one tenant (an enterprise): its extensions, identities and people; nothing below or above it. */
    ENTERPRISE_ADMIN,
    /** Reads (NOC, finance): a tenant's subtree, or with no tenant the operator's whole view. Writes nothing. */
    READ_ONLY,
    /** One account's user: its own balance, calls, bills and vouchers. */
    END_USER,
    /** A call shop's operator: opens and closes its own day sessions and takes cash for its shop's calls. */
    SHOP_OPERATOR;

    /** Whether a principal of this role must belong to a tenant. */
    public boolean needsTenant() {
        return this != OPERATOR && this != READ_ONLY;
    }
}
