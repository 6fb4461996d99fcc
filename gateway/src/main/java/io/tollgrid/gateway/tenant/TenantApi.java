package io.tollgrid.gateway.tenant;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.http.Responses.Answer;
import io.tollgrid.grid.account.Account;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * Guards the tenant API (/v1/accounts/*; {@link io.tollgrid.gateway.auth.Access} authenticates it), and answers GET /v1/accounts/{account}/balance and POST and
 * GET /v1/accounts/{account}/topups. A tenant reaches its own subtree only; any other account answers as a missing
 * one ({@link #ownAccount}, which the CDR search and the reports resolve their accounts with too).
 */
public final class TenantApi {
    /** Where a request's authenticated tenant id is kept on its routing context. */
    public static final String TENANT = "tollgrid.tenant";

    private final GridAdmin grid;
    private final ChargingClient charging;

    public TenantApi(GridAdmin grid, ChargingClient charging) {
        this.grid = grid;
        this.charging = charging;
    }

    public void mount(Router router, ApiContract contract) {
        router.route("/v1/accounts/*").handler(this::authenticate);
        router.get("/v1/accounts/:account/balance").handler(contract.validate("balance")).blockingHandler(this::balance, false);
        router.get("/v1/accounts/:account/topups").handler(contract.validate("topUpHistory"))
                .blockingHandler(this::topUpHistory, false);
        router.post("/v1/accounts/:account/topups").handler(contract.validate("topUp")).blockingHandler(this::topUp, false);
    }

    /**
     * Lets the request on once {@link io.tollgrid.gateway.auth.Access} has authenticated a principal that belongs to a
     * tenant, whose tenant id it kept under {@link #TENANT}; Access runs first on every tenant route. Mounted on
     * /v1/accounts/* here, and on any other tenant route by its owner.
     */
    public void authenticate(RoutingContext ctx) {
        if (ctx.get(TENANT) == null) {
            throw new ApiException(401, "UNAUTHENTICATED", "send 'Authorization: Bearer <tenant API key>'");
        }
        ctx.next();
    }

    /**
     * The account the path names, if the calling tenant's subtree holds it; any other answers 404 ACCOUNT_UNKNOWN,
     * as a missing one does. Blocking: it reads the grid.
     */
    public Account ownAccount(RoutingContext ctx) {
        String tenant = ctx.get(TENANT);
        return grid.accountOf(tenant, ctx.pathParam("account"))
                .orElseThrow(() -> new ApiException(404, "ACCOUNT_UNKNOWN", "no such account"));
    }

    /** The calling tenant's name, for the head of its reports. Blocking: it reads the grid. */
    public String tenantName(RoutingContext ctx) {
        String tenant = ctx.get(TENANT);
        return grid.tenant(tenant).map(Tenant::name).orElse(tenant);
    }

    private void balance(RoutingContext ctx) {
        Responses.json(ctx, 200, balanceOf(ownAccount(ctx)));
    }

    /** An account's money and status as the tenant API shows it, in its balance and in the account listing. */
    static JsonObject balanceOf(Account account) {
        return new JsonObject()
                .put("account", account.accountId())
                .put("currency", account.currency())
                .put("balance", Money.ofMicros(account.balanceMicros()).toPlainString())
                .put("reserved", Money.ofMicros(account.reservedMicros()).toPlainString())
                .put("creditLimit", Money.ofMicros(account.creditLimitMicros()).toPlainString())
                .put("available", Money.ofMicros(account.availableMicros()).toPlainString())
                .put("status", account.status().name());
    }

    /**
     * A tenant tops up a customer below it by paying from its own wallet account: a transfer between the two
     * accounts with the client's id (the same id again is a no-op). It never creates money; only the operator
     * does, by recording a payment (POST /admin/accounts/{account}/transfers). A tenant's own accounts are
     * refused; an account outside its subtree answers as a missing one.
     */
    private void topUp(RoutingContext ctx) {
        Account account = ownAccount(ctx);
        String tenant = ctx.get(TENANT);
        if (account.tenantId().equals(tenant)) {
            throw new ApiException(403, "OWN_ACCOUNT", "a tenant cannot top up its own accounts; the operator "
                    + "records payments into them");
        }
        String wallet = grid.tenant(tenant).map(Tenant::walletAccount).orElse(null);
        if (wallet == null) {
            throw new ApiException(409, "NO_WALLET", "this tenant has no wallet account to pay from; the operator "
                    + "names one (walletAccount)");
        }
        JsonBodies body = JsonBodies.of(ctx);
        String transferId = body.id("transferId");
        Money amount = body.money("amount", null);
        if (amount.micros() <= 0) {
            throw ApiException.invalid("'amount' must be positive");
        }
        Responses.whenDone(ctx, charging.transferBetween(wallet, account.accountId(), transferId, amount.micros(),
                System.currentTimeMillis(), body.optionalText("note", "")), TenantApi::transferAnswer);
    }

    /** The answer to a transfer, shared with the admin API. */
    public static Answer transferAnswer(TransferResult result) {
        if (result.refusal() != null) {
            int status = switch (result.refusal()) {
                case "ACCOUNT_UNKNOWN" -> 404;
                case "TRANSFER_ID_REUSED", "INSUFFICIENT_FUNDS", "CURRENCY_MISMATCH", "ACCOUNT_CLOSED", "PAYER_UNKNOWN" -> 409;
                default -> 422;
            };
            return new Answer(status, Responses.errorBody(result.refusal(), "transfer refused: " + result.refusal()));
        }
        JsonObject answer = toJson(result.transfer()).put("account", result.transfer().accountId());
        if (result.payer() != null) {
            answer.put("from", new JsonObject().put("account", result.payer().accountId())
                    .put("balanceAfter", Money.ofMicros(result.payer().balanceAfterMicros()).toPlainString()));
        }
        return new Answer(result.replay() ? 200 : 201, answer.put("replay", result.replay()));
    }

    private void topUpHistory(RoutingContext ctx) {
        Account account = ownAccount(ctx);
        JsonArray rows = new JsonArray();
        grid.transfersOf(account.accountId()).forEach(transfer -> rows.add(toJson(transfer)));
        Responses.json(ctx, 200, new JsonObject().put("account", account.accountId()).put("transfers", rows));
    }

    /**
     * A transfer as its account's history shows it. The paying side names the account it paid; the receiving
     * side does not name its payer, so a customer cannot tell which reseller it is under.
     */
    static JsonObject toJson(Transfer transfer) {
        JsonObject json = new JsonObject()
                .put("transferId", transfer.transferId())
                .put("kind", transfer.kind().name())
                .put("amount", Money.ofMicros(transfer.amountMicros()).toPlainString())
                .put("balanceAfter", Money.ofMicros(transfer.balanceAfterMicros()).toPlainString())
                .put("at", Instant.ofEpochMilli(transfer.atMillis()).toString())
                .put("note", transfer.note());
        if (transfer.kind() == TransferKind.TRANSFER_OUT) {
            json.put("to", transfer.counterparty());
        }
        return json;
    }
}
