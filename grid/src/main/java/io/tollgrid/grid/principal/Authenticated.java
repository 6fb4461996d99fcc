package io.tollgrid.grid.principal;

/**
 * Who a credential is: the principal and which of its credentials it presented.
 *
 * @param keyId the first 12 hex digits of the SHA-256 of the key or session token presented
 * @param via   how it authenticated
 */
public record Authenticated(Principal principal, String keyId, Via via) {
    public enum Via {
        /** A principal's API key. */
        KEY,
        /** A tenant API key from before principals (POST /admin/tenants apiKey): a reseller admin of that tenant. */
        TENANT_KEY,
        /** A login session's token. */
        SESSION
    }

    /** The principal id a tenant key from before principals stands for. */
    public static String tenantKeyPrincipal(String tenantId) {
        return "tenant:" + tenantId;
    }
}
