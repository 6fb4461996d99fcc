package io.tollgrid.gateway.tenant;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.shop.LiveBooths;
import io.tollgrid.grid.shop.TenantLiveCalls;
import io.tollgrid.money.Money;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * GET /v1/accounts/{account}/calls/live: the account's calls in progress, read from the grid's markers of calls in
 * progress through {@link LiveBooths} (one partition's scan, then each call's session), never written. At most
 * {@link LiveBooths#MAX_LIVE_PER_BOOTH} are answered, and {@code limited} says when that many were found. The account
 * is resolved like every tenant request ({@link TenantApi#ownAccount}): outside the caller's reach it is missing.
 *
 * <p>GET /v1/live-calls: the same for every one of the calling tenant's own accounts at once, through
 * {@link TenantLiveCalls} (by account then call id, at most {@link TenantLiveCalls#MAX_CALLS}, {@code limited} when
 * more were found). Only the tenant's own accounts: a reseller's customers below it see theirs, as in the
 * usage-by-account report.
 */
public final class LiveCallsApi {
    private final LiveBooths live;
    private final TenantLiveCalls tenantLive;
    private final Function<RoutingContext, Account> ownAccount;
    private final Handler<RoutingContext> authenticate;
    private final LongSupplier clockMillis;

    /**
     * @param authenticate lets on only requests of a tenant's principals ({@link TenantApi#authenticate}); mounted on
     *                     /v1/live-calls, which is outside /v1/accounts/*
     */
    public LiveCallsApi(LiveBooths live, TenantLiveCalls tenantLive, Function<RoutingContext, Account> ownAccount,
                        Handler<RoutingContext> authenticate, LongSupplier clockMillis) {
        this.live = live;
        this.tenantLive = tenantLive;
        this.ownAccount = ownAccount;
        this.authenticate = authenticate;
        this.clockMillis = clockMillis;
    }

    public void mount(Router router, ApiContract contract) {
        router.get("/v1/accounts/:account/calls/live").handler(contract.validate("liveCalls"))
                .blockingHandler(this::liveCalls, false);
        router.route("/v1/live-calls").handler(authenticate);
        router.get("/v1/live-calls").handler(contract.validate("tenantLiveCalls"))
                .blockingHandler(this::tenantLiveCalls, false);
    }

    private void tenantLiveCalls(RoutingContext ctx) {
        String tenant = ctx.get(TenantApi.TENANT);
        String limitParam = ctx.queryParams().get("limit");
        // The contract has checked it is an integer from 1 to MAX_CALLS.
        int limit = limitParam == null ? TenantLiveCalls.MAX_CALLS : Integer.parseInt(limitParam);
        long now = clockMillis.getAsLong();
        TenantLiveCalls.Found found = tenantLive.of(tenant, limit);
        JsonArray calls = new JsonArray();
        for (TenantLiveCalls.AccountCall accountCall : found.calls()) {
            calls.add(toJson(accountCall.call(), now).put("account", accountCall.accountId())
                    .put("currency", accountCall.currency()));
        }
        Responses.json(ctx, 200, new JsonObject().put("tenant", tenant).put("at", Instant.ofEpochMilli(now).toString())
                .put("count", calls.size()).put("limited", found.limited()).put("calls", calls));
    }

    /**
     * A call as both views show it: when it was authorised and answered, how long it has run since its answer, and
     * what it has cost so far at its rate (connect fee plus per second, rounded up): an estimate, since the charge at
     * the stop follows the plan's increments.
     */
    private static JsonObject toJson(LiveBooths.LiveCall call, long now) {
        boolean answered = call.answeredAtMillis() != 0;
        long running = call.runningSeconds(now);
        return new JsonObject().put("callId", call.callId()).put("callee", call.callee())
                .put("authorisedAt", Instant.ofEpochMilli(call.authorisedAtMillis()).toString())
                .put("answered", answered)
                .put("answeredAt", answered ? Instant.ofEpochMilli(call.answeredAtMillis()).toString() : null)
                .put("runningSeconds", running)
                .put("costSoFar", Money.ofMicros(call.costSoFarMicros(running)).toPlainString());
    }

    private void liveCalls(RoutingContext ctx) {
        Account account = ownAccount.apply(ctx);
        long now = clockMillis.getAsLong();
        List<LiveBooths.LiveCall> found = live.liveCalls(account.accountId());
        JsonArray calls = new JsonArray();
        for (LiveBooths.LiveCall call : found) {
            calls.add(toJson(call, now));
        }
        Responses.json(ctx, 200, new JsonObject().put("account", account.accountId())
                .put("at", Instant.ofEpochMilli(now).toString()).put("currency", account.currency())
                .put("count", calls.size()).put("limited", found.size() >= LiveBooths.MAX_LIVE_PER_BOOTH)
                .put("calls", calls));
    }
}
