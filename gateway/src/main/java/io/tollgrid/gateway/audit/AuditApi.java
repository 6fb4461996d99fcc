package io.tollgrid.gateway.audit;

import io.tollgrid.gateway.auth.Access;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /admin/audit?day=YYYY-MM-DD}: the operator reads a UTC day of the audit log, newest first.
 * {@code GET /v1/audit?day=YYYY-MM-DD}: a tenant's admins and read-only principals read the day's entries of their
 * own subtree.
 */
public final class AuditApi {
    private final AuditLog log;

    public AuditApi(AuditLog log) {
        this.log = log;
    }

    /** Mount after {@link Access}, which checks the caller first. */
    public void mount(Router router, ApiContract contract) {
        router.get("/admin/audit").handler(contract.validate("auditLog")).handler(ctx -> read(ctx, log::day));
        router.get("/v1/audit").handler(contract.validate("tenantAudit")).handler(ctx -> {
            io.tollgrid.gateway.auth.Caller caller = Access.caller(ctx);
            if (caller == null || caller.tenantId() == null) {
                // The operator's key passes Access everywhere; its log is /admin/audit.
                throw new ApiException(403, "FORBIDDEN", "the operator reads the audit log at /admin/audit");
            }
            read(ctx, day -> log.tenantDay(caller.tenantId(), day));
        });
    }

    private void read(RoutingContext ctx, java.util.function.Function<LocalDate, CompletionStage<List<AuditEntry>>> source) {
        String text = ctx.queryParams().get("day");
        LocalDate day;
        try {
            day = text == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'day' is a date such as 2026-12-02");
        }
        Responses.whenDone(ctx, source.apply(day), entries -> {
            JsonArray rows = new JsonArray();
            for (AuditEntry entry : entries) {
                rows.add(new JsonObject().put("at", entry.at().toString()).put("keyId", entry.keyId())
                        .put("source", entry.source()).put("operation", entry.operation()).put("object", entry.object())
                        .put("status", entry.status()).put("code", entry.code()).put("tenant", entry.tenant())
                        .put("changes", entry.changes()));
            }
            return Responses.Answer.ok(new JsonObject().put("day", day.toString()).put("count", rows.size())
                    .put("entries", rows));
        });
    }
}
