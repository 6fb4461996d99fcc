package io.tollgrid.gateway.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded write.
 *
 * @param keyId     who: {@code admin}, {@code tenant:<id>/<key id>}, or for a refused credential
 *                  {@code unknown/<key id>} ({@code none} without one); a key id is the first 12 hex digits of
 *                  the key's SHA-256, never the key
 * @param operation the method and route template, {@code POST /admin/accounts/{account}/transfers}
 * @param object    what it was aimed at: {@code account=...}, {@code tenant=...}, ... (at most 256 characters)
 * @param status    the HTTP status answered; {@code code} the error code, or empty on success
 */
public record AuditEntry(Instant at, String keyId, String source, String operation, String object, int status,
                         String code) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        keyId = bounded(keyId);
        source = bounded(source);
        operation = bounded(operation);
        object = bounded(object);
        code = bounded(code);
    }

    private static String bounded(String text) {
        String value = text == null ? "" : text;
        return value.length() > 256 ? value.substring(0, 256) : value;
    }
}
