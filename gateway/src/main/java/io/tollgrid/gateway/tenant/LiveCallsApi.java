package io.tollgrid.gateway.tenant;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.shop.LiveBooths;
import io.tollgrid.money.Money;
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
 */
public final class LiveCallsApi {
    private final LiveBooths live;
    private final Function<RoutingContext, Account> ownAccount;
    private final LongSupplier clockMillis;

    public LiveCallsApi(LiveBooths live, Function<RoutingContext, Account> ownAccount, LongSupplier clockMillis) {
        this.live = live;
        this.ownAccount = ownAccount;
        this.clockMillis = clockMillis;
    }

    public void mount(Router router, ApiContract contract) {
        router.get("/v1/accounts/:account/calls/live").handler(contract.validate("liveCalls"))
                .blockingHandler(this::liveCalls, false);
    }

    /**
     * Each call: when it was authorised and answered, how long it has run since its answer, and what it has cost so far
     * at its rate (connect fee plus per second, rounded up): an estimate, since the charge at the stop follows the
     * plan's increments.
     */
    private void liveCalls(RoutingContext ctx) {
        Account account = ownAccount.apply(ctx);
        long now = clockMillis.getAsLong();
        List<LiveBooths.LiveCall> found = live.liveCalls(account.accountId());
        JsonArray calls = new JsonArray();
        for (LiveBooths.LiveCall call : found) {
            boolean answered = call.answeredAtMillis() != 0;
            long running = call.runningSeconds(now);
            calls.add(new JsonObject().put("callId", call.callId()).put("callee", call.callee())
                    .put("authorisedAt", Instant.ofEpochMilli(call.authorisedAtMillis()).toString())
                    .put("answered", answered)
                    .put("answeredAt", answered ? Instant.ofEpochMilli(call.answeredAtMillis()).toString() : null)
                    .put("runningSeconds", running)
                    .put("costSoFar", Money.ofMicros(call.costSoFarMicros(running)).toPlainString()));
        }
        Responses.json(ctx, 200, new JsonObject().put("account", account.accountId())
                .put("at", Instant.ofEpochMilli(now).toString()).put("currency", account.currency())
                .put("count", calls.size()).put("limited", found.size() >= LiveBooths.MAX_LIVE_PER_BOOTH)
                .put("calls", calls));
    }
}
