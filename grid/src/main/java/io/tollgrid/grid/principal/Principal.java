package io.tollgrid.grid.principal;

import java.util.Objects;

/**
 * A principal as stored: its role and where it reaches. Stored in Ignite, hence a final class, not a record.
 *
 * @param tenantId     the tenant whose subtree (or, for an enterprise admin, whose tenant) it reaches; null for the
 *                     operator and for an operator-wide read-only principal
 * @param accountId    an end user's own account; null for every other role
 * @param passwordHash the Argon2id hash of its password (PHC string), or null: it logs in with keys only
 * @param disabled     a disabled principal's keys and sessions are refused
 */
public final class Principal {
    /** Principal ids: as other ids, 1 to 128 letters, digits and {@code . _ : @ + = -}. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}";

    private final String principalId;
    private final Role role;
    private final String name;
    private final String tenantId;
    private final String accountId;
    private final String passwordHash;
    private final boolean disabled;
    private final long createdAtMillis;

    public Principal(String principalId, Role role, String name, String tenantId, String accountId,
                     String passwordHash, boolean disabled, long createdAtMillis) {
        this.principalId = Objects.requireNonNull(principalId, "principalId");
        if (!principalId.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("a principal id is 1 to 128 letters, digits and . _ : @ + = -");
        }
        this.role = Objects.requireNonNull(role, "role");
        this.name = Objects.requireNonNull(name, "name");
        if (role.needsTenant() && tenantId == null) {
            throw new IllegalArgumentException("a " + role + " belongs to a tenant");
        }
        if (role == Role.OPERATOR && tenantId != null) {
            throw new IllegalArgumentException("an OPERATOR belongs to no tenant");
        }
        if ((role == Role.END_USER) != (accountId != null)) {
            throw new IllegalArgumentException("an END_USER, and only an END_USER, names its account");
        }
        this.tenantId = tenantId;
        this.accountId = accountId;
        this.passwordHash = passwordHash;
        this.disabled = disabled;
        this.createdAtMillis = createdAtMillis;
    }

    public String principalId() {
        return principalId;
    }

    public Role role() {
        return role;
    }

    public String name() {
        return name;
    }

    public String tenantId() {
        return tenantId;
    }

    public String accountId() {
        return accountId;
    }

    String passwordHash() {
        return passwordHash;
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public boolean disabled() {
        return disabled;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    Principal withPasswordHash(String newHash) {
        return new Principal(principalId, role, name, tenantId, accountId, newHash, disabled, createdAtMillis);
    }

    Principal disable() {
        return new Principal(principalId, role, name, tenantId, accountId, passwordHash, true, createdAtMillis);
    }
}
