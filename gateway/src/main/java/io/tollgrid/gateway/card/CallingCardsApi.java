package io.tollgrid.gateway.card;

import io.tollgrid.gateway.audit.AuditTrail;
import io.tollgrid.gateway.auth.Access;
import io.tollgrid.gateway.auth.Caller;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.card.CallingCards;
import io.tollgrid.grid.card.IssuedCards;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * POST /admin/calling-card-batches: the operator, or a reseller admin for a tenant of its subtree ({@link Access} has
 * checked the body's {@code tenantId}), makes a batch of calling cards. The operator's cards are funded by an operator
 * payment at their first use; a reseller's batch is prepaid from its own tenant's wallet when it is made. The PINs are
 * in this answer only ({@code Cache-Control: no-store}) and never in the audit log.
 */
public final class CallingCardsApi {
    private final CallingCards cards;

    public CallingCardsApi(CallingCards cards) {
        this.cards = cards;
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/calling-card-batches").handler(contract.validate("generateCallingCards"))
                .blockingHandler(this::generate, false);
    }

    private void generate(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        Caller caller = Access.caller(ctx);
        Instant useBy;
        try {
            useBy = Instant.parse(body.text("useBy"));
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'useBy' is not an ISO-8601 instant");
        }
        IssuedCards issued;
        try {
            issued = cards.issue(body.id("batchId"), body.id("tenantId"), caller.isOperator() ? null : caller.tenantId(),
                    body.positiveInt("count", 0), body.money("faceValue", null), body.text("currency"),
                    body.id("ratePlanId"), body.positiveInt("validDays", 0), useBy, Instant.now());
        } catch (AdminException e) {
            throw refused(e);
        }
        JsonArray list = new JsonArray();
        issued.cards().forEach(card -> list.add(new JsonObject().put("accountId", card.accountId())
                .put("pin", card.pin())));
        AuditTrail.changes(ctx, "calling card batch " + issued.batchId() + ": " + issued.count() + " cards of "
                + issued.tenantId() + (issued.escrowAccount() == null ? "" : ", prepaid into " + issued.escrowAccount()));
        // The PINs are shown this once; nothing between here and the caller may keep a copy.
        ctx.response().putHeader("Cache-Control", "no-store");
        Responses.json(ctx, 201, new JsonObject().put("batchId", issued.batchId()).put("tenantId", issued.tenantId())
                .put("escrowAccount", issued.escrowAccount()).put("count", issued.count())
                .put("faceValue", Money.ofMicros(issued.faceValueMicros()).toPlainString())
                .put("currency", issued.currency()).put("validDays", issued.validDays())
                .put("useBy", Instant.ofEpochMilli(issued.useByMillis()).toString()).put("status", "INACTIVE")
                .put("cards", list));
    }

    private static ApiException refused(AdminException e) {
        int status = switch (e.code()) {
            case "BATCH_INVALID" -> 400;
            case "TENANT_UNKNOWN", "RATE_PLAN_UNKNOWN" -> 404;
            default -> 409;
        };
        return new ApiException(status, e.code(), e.getMessage());
    }
}
