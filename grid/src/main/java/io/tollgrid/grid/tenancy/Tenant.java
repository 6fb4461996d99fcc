package io.tollgrid.grid.tenancy;

import java.util.Objects;

/** A tenant (reseller, enterprise, call shop). Stored in Ignite, hence a final class, not a record. */
public final class Tenant {
    private final String tenantId;
    private final String name;

    public Tenant(String tenantId, String name) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.name = Objects.requireNonNull(name, "name");
    }

    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }
}
