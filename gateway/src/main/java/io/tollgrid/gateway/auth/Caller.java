package io.tollgrid.gateway.auth;

import io.tollgrid.grid.principal.Role;

/**
 * The authenticated principal of a request.
 *
 * @param tenantId  the tenant it reaches (its subtree, or for an enterprise admin and an end user that tenant
 *                  only); null for the operator and an operator-wide read-only principal
 * @param accountId an end user's own account, else null
 * @param keyId     the first 12 hex digits of the SHA-256 of the credential presented
 */
public record Caller(String principalId, Role role, String tenantId, String accountId, String keyId, Via via) {
    public enum Via {
        /** The operator's configured key ({@code gateway.admin.key}). */
        ADMIN_KEY,
        /** A principal's API key. */
        KEY,
        /** A tenant key from before principals: a reseller admin of its tenant, on the tenant API only. */
        TENANT_KEY,
        /** A login session. */
        SESSION
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    /** Who, as the audit log names it: {@code admin/<key id>}, {@code tenant:<id>/<key id>}, {@code principal:<id>/<key id>}. */
    public String auditName() {
        return switch (via) {
            case ADMIN_KEY -> "admin/" + keyId;
            case TENANT_KEY -> "tenant:" + tenantId + "/" + keyId;
            case KEY -> "principal:" + principalId + "/" + keyId;
            case SESSION -> "principal:" + principalId + "/session:" + keyId;
        };
    }
}
