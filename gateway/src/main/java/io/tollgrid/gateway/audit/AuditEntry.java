package io.tollgrid.gateway.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded write or login.
 *
 * @param keyId     who: {@code admin/<key id>}, {@code tenant:<id>/<key id>} (a tenant key from before principals),
 *                  {@code principal:<id>/<key id>} or {@code principal:<id>/session:<id>}, or for a refused credential
 *                  {@code unknown/<key id>} ({@code none} without one); a key id is the first 12 hex digits of
 *                  the key's SHA-256, never the key
 * @param operation the method and route template, {@code POST /admin/accounts/{account}/transfers}
 * @param object    what it was aimed at: {@code account=...}, {@code tenant=...}, ... (at most 256 characters)
 * @param status    the HTTP status answered; {@code code} the error code, or empty on success
 * @param tenant    the tenant the entry belongs to (the caller's, or for the operator the object's), empty if none
 * @param changes   the fields it changed, before and after, where cheap to tell ({@code status: ACTIVE -> FROZEN})
 */
public record AuditEntry(Instant at, String keyId, String source, String operation, String object, int status,
                         String code, String tenant, String changes) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        keyId = bounded(keyId);
        source = bounded(source);
        operation = bounded(operation);
        object = bounded(object);
        code = bounded(code);
        tenant = bounded(tenant);
        changes = changes == null ? "" : changes.length() > 1024 ? changes.substring(0, 1024) : changes;
    }

    public AuditEntry(Instant at, String keyId, String source, String operation, String object, int status, String code) {
        this(at, keyId, source, operation, object, status, code, "", "");
    }

    private static String bounded(String text) {
        String value = text == null ? "" : text;
        return value.length() > 256 ? value.substring(0, 256) : value;
    }
}
