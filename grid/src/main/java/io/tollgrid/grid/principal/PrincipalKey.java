package io.tollgrid.grid.principal;

import java.util.Objects;

/**
 * One API key of a principal, as stored: never the key, only its SHA-256 (the cache key). Stored in Ignite, hence
 * a final class.
 *
 * @param keyId           the first 12 hex digits of the key's SHA-256, as the audit log names keys
 * @param expiresAtMillis when it stops working; 0 never
 * @param revokedAtMillis when it was revoked; 0 while it is not
 */
public final class PrincipalKey {
    private final String keyId;
    private final String principalId;
    private final String name;
    private final long createdAtMillis;
    private final long expiresAtMillis;
    private final long revokedAtMillis;

    public PrincipalKey(String keyId, String principalId, String name, long createdAtMillis, long expiresAtMillis,
                        long revokedAtMillis) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.principalId = Objects.requireNonNull(principalId, "principalId");
        this.name = Objects.requireNonNull(name, "name");
        this.createdAtMillis = createdAtMillis;
        this.expiresAtMillis = expiresAtMillis;
        this.revokedAtMillis = revokedAtMillis;
    }

    public String keyId() {
        return keyId;
    }

    public String principalId() {
        return principalId;
    }

    public String name() {
        return name;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    public long revokedAtMillis() {
        return revokedAtMillis;
    }

    public boolean usableAt(long nowMillis) {
        return revokedAtMillis == 0 && (expiresAtMillis == 0 || nowMillis < expiresAtMillis);
    }

    PrincipalKey revokedAt(long nowMillis) {
        return revokedAtMillis != 0 ? this : new PrincipalKey(keyId, principalId, name, createdAtMillis, expiresAtMillis,
                nowMillis);
    }
}
