package io.tollgrid.gateway.auth;

import io.tollgrid.grid.principal.Role;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call one operation.
 *
 * @param roles     the roles allowed
 * @param tenantApi a tenant API operation: it acts on a tenant's own objects, so only principals that belong to a
 *                  tenant may call it (the operator uses the admin API)
 */
record Rule(Set<Role> roles, boolean tenantApi) {
    static Rule tenant(Role... roles) {
        return new Rule(EnumSet.of(roles[0], roles), true);
    }

    static Rule admin(Role... roles) {
        return new Rule(EnumSet.of(Role.OPERATOR, roles), false);
    }

    boolean allows(Caller caller) {
        if (!roles.contains(caller.role())) {
            return false;
        }
        return !tenantApi || caller.tenantId() != null;
    }
}
