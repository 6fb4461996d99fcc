package io.tollgrid.gateway.rerate;

import io.tollgrid.gateway.audit.AuditTrail;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.routing.ActiveDeck;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.money.Money;
import io.tollgrid.rating.deck.RateDeck;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * POST /admin/accounts/{account}/rerate: the operator re-rates an account's CDRs of a period by the active rate deck,
 * as a dry run (the default: what would change, nothing written) or applied ({@code "apply": true}). Who may call it
 * is checked by {@link io.tollgrid.gateway.auth.Access} before this handler runs (the operator only).
 */
public final class RerateApi {
    private final GridAdmin grid;
    private final ActiveDeck activeDeck;
    private final PeriodRerating rerating;

    public RerateApi(GridAdmin grid, ActiveDeck activeDeck, CdrStore cdrs, DailyRollups rollups, ChargingClient charging) {
        this.grid = grid;
        this.activeDeck = activeDeck;
        this.rerating = new PeriodRerating(cdrs, rollups, charging);
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/accounts/:account/rerate").handler(contract.validate("rerateAccount"))
                .blockingHandler(this::rerate, false);
    }

    private void rerate(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        Instant from = instant(body, "from");
        Instant to = instant(body, "to");
        if (!from.isBefore(to)) {
            throw ApiException.invalid("'from' must be before 'to'");
        }
        if (java.time.Duration.between(from, to).compareTo(PeriodRerating.MAX_PERIOD) > 0) {
            throw ApiException.invalid("a re-rating covers at most " + PeriodRerating.MAX_PERIOD.toDays()
                    + " days; re-rate a longer period in parts");
        }
        boolean apply = Boolean.TRUE.equals(body.json().getBoolean("apply", false));
        Account account = grid.account(ctx.pathParam("account"))
                .orElseThrow(() -> new ApiException(404, "ACCOUNT_UNKNOWN", "no account " + ctx.pathParam("account")));
        RateDeck deck = activeDeck.get();
        CdrRepricer repricer = new CdrRepricer(deck.version() == 0 ? null : deck,
                planId -> grid.ratePlan(planId).orElse(null));
        PeriodRerating.Report report;
        try {
            report = rerating.run(account, from, to, repricer, deck.version(), apply, System.currentTimeMillis());
        } catch (PeriodRerating.TooLarge e) {
            throw new ApiException(422, "RERATE_TOO_LARGE", e.getMessage());
        }
        if (apply) {
            AuditTrail.changes(ctx, "re-rated " + report.changed() + " of " + report.calls() + " CDRs by rate deck v"
                    + report.deckVersion() + ": " + money(report.oldTotalMicros()) + " -> " + money(report.newTotalMicros())
                    + " " + account.currency() + ", ledger " + report.ledger());
        }
        Responses.json(ctx, 200, answer(account, from, to, report));
    }

    private static JsonObject answer(Account account, Instant from, Instant to, PeriodRerating.Report report) {
        JsonObject skipped = new JsonObject();
        report.skipped().forEach((why, count) -> skipped.put(why.name(), count));
        JsonArray changes = new JsonArray();
        for (PeriodRerating.Change change : report.listed()) {
            JsonObject listed = new JsonObject().put("callId", change.before().callId())
                    .put("startTime", change.before().startTime().toString()).put("source", change.before().source())
                    .put("durationSeconds", change.before().durationSeconds())
                    .put("oldCost", change.before().cost().toPlainString()).put("newCost", change.after().cost().toPlainString())
                    .put("oldRateId", change.before().rateId()).put("newRateId", change.after().rateId());
            if (report.applied()) {
                listed.put("ledger", change.ledger().name()).put("rewritten", change.rewritten());
            }
            changes.add(listed);
        }
        JsonObject answer = new JsonObject().put("accountId", account.accountId()).put("tenantId", account.tenantId())
                .put("from", from.toString()).put("to", to.toString()).put("deckVersion", report.deckVersion())
                .put("applied", report.applied()).put("currency", account.currency()).put("calls", report.calls())
                .put("changed", report.changed()).put("oldTotal", money(report.oldTotalMicros()))
                .put("newTotal", money(report.newTotalMicros()))
                .put("difference", money(report.newTotalMicros() - report.oldTotalMicros()))
                .put("skipped", skipped).put("changes", changes).put("limited", report.changed() > changes.size());
        if (report.applied()) {
            JsonObject ledger = new JsonObject();
            report.ledger().forEach((outcome, count) -> ledger.put(outcome.name(), count));
            answer.put("ledger", ledger).put("rowsRewritten", report.rowsRewritten());
        }
        return answer;
    }

    private static String money(long micros) {
        return Money.ofMicros(micros).toPlainString();
    }

    private static Instant instant(JsonBodies body, String field) {
        String text = body.text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'" + field + "' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z: " + text);
        }
    }
}
