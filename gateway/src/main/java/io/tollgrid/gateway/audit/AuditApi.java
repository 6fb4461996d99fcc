package io.tollgrid.gateway.audit;

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

/** {@code GET /admin/audit?day=YYYY-MM-DD}: the operator reads a UTC day of the audit log, newest first. */
public final class AuditApi {
    private final AuditLog log;

    public AuditApi(AuditLog log) {
        this.log = log;
    }

    /** Mount after the admin API, whose {@code /admin/*} route checks the admin key first. */
    public void mount(Router router, ApiContract contract) {
        router.get("/admin/audit").handler(contract.validate("auditLog")).handler(this::read);
    }

    private void read(RoutingContext ctx) {
        String text = ctx.queryParams().get("day");
        LocalDate day;
        try {
            day = text == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'day' is a date such as 2026-12-02");
        }
        Responses.whenDone(ctx, log.day(day), entries -> {
            JsonArray rows = new JsonArray();
            for (AuditEntry entry : entries) {
                rows.add(new JsonObject().put("at", entry.at().toString()).put("keyId", entry.keyId())
                        .put("source", entry.source()).put("operation", entry.operation()).put("object", entry.object())
                        .put("status", entry.status()).put("code", entry.code()));
            }
            return Responses.Answer.ok(new JsonObject().put("day", day.toString()).put("count", rows.size())
                    .put("entries", rows));
        });
    }
}
