package io.tollgrid.gateway.admin;

import io.tollgrid.gateway.audit.AuditTrail;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.grid.identity.CallerHints;
import io.tollgrid.grid.identity.Identity;
import io.tollgrid.grid.identity.IdentityKind;
import io.tollgrid.grid.identity.SwitchCredential;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.tenant.TenantApi;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.LostStopPolicy;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.rateplan.SellPlans;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;


/**
 * POST /admin/tenants, /admin/rate-plans, /admin/accounts, /admin/accounts/{id}/status and
 * /admin/accounts/{id}/transfers, ...: who may call them, and on which objects, is checked by
 * {@link io.tollgrid.gateway.auth.Access} before these handlers run.
 */
public final class AdminApi {
    private final GridAdmin grid;
    private final ChargingClient charging;
    private final SellPlans sellPlans;

    public AdminApi(GridAdmin grid, ChargingClient charging, SellPlans sellPlans) {
        this.grid = grid;
        this.charging = charging;
        this.sellPlans = sellPlans;
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/tenants").handler(contract.validate("putTenant")).blockingHandler(this::putTenant, false);
        router.post("/admin/rate-plans").handler(contract.validate("putRatePlan")).blockingHandler(this::putRatePlan, false);
        router.post("/admin/accounts").handler(contract.validate("createAccount")).blockingHandler(this::createAccount, false);
        router.post("/admin/accounts/:account/status").handler(contract.validate("setStatus"))
                .blockingHandler(this::setStatus, false);
        router.post("/admin/accounts/:account/transfers").handler(contract.validate("transfer")).handler(this::transfer);
        router.post("/admin/accounts/:account/subscribers").handler(contract.validate("putSubscriber"))
                .blockingHandler(this::putSubscriber, false);
        router.post("/admin/accounts/:account/subscribers/:subscriber/department")
                .handler(contract.validate("setSubscriberDepartment")).blockingHandler(this::setDepartment, false);
        router.post("/admin/switches").handler(contract.validate("putSwitch")).blockingHandler(this::putSwitch, false);
        router.post("/admin/identities").handler(contract.validate("putIdentity")).blockingHandler(this::putIdentity, false);
    }

    private void putTenant(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenantId = body.id("tenantId");
        String parent = body.json().getValue("parentId") == null ? null : body.id("parentId");
        String wallet = body.json().getValue("walletAccount") == null ? null : body.id("walletAccount");
        String buyPlan = body.json().getValue("buyPlanId") == null ? null : body.id("buyPlanId");
        String before = grid.tenant(tenantId).map(AdminApi::describe).orElse("none");
        guarded(() -> grid.putTenant(tenantId, body.text("name"), parent, body.count("maxCalls"), body.text("apiKey"),
                wallet, buyPlan));
        AuditTrail.changes(ctx, before + " -> " + grid.tenant(tenantId).map(AdminApi::describe).orElse("none"));
        Responses.json(ctx, 201, new JsonObject().put("tenantId", tenantId));
    }

    private static String describe(io.tollgrid.grid.tenancy.Tenant tenant) {
        return "{name=" + tenant.name() + " parentId=" + tenant.parentId() + " maxCalls=" + tenant.maxCalls()
                + " walletAccount=" + tenant.walletAccount() + " buyPlanId=" + tenant.buyPlanId() + "}";
    }

    private void putRatePlan(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String planId = body.id("planId");
        FlatRate rate;
        try {
            rate = new FlatRate(body.money("pricePerMinute", null), body.money("connectFee", Money.ZERO),
                    body.positiveInt("initialIncrementSeconds", 60), body.positiveInt("nextIncrementSeconds", 60));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        grid.putRatePlan(planId, rate);
        Responses.json(ctx, 201, new JsonObject().put("planId", planId));
    }

    private void createAccount(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String currency = body.text("currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw ApiException.invalid("'currency' must be an ISO 4217 code such as EUR");
        }
        Money creditLimit = body.money("creditLimit", Money.ZERO);
        if (creditLimit.isNegative()) {
            throw ApiException.invalid("'creditLimit' must not be negative");
        }
        Money balance = body.money("balance", Money.ZERO);
        Money lowBalance = body.money("lowBalanceThreshold", Money.ZERO);
        if (lowBalance.isNegative()) {
            throw ApiException.invalid("'lowBalanceThreshold' must not be negative");
        }
        ReservationStrategy strategy = enumValue(ReservationStrategy.class, "reservation", body.optionalText("reservation", "FULL"));
        PayType payType = enumValue(PayType.class, "payType",
                body.optionalText("payType", creditLimit.micros() > 0 ? "POSTPAID" : "PREPAID"));
        AccountLimits limits = limits(body);
        String planId = body.id("ratePlanId");
        io.tollgrid.gateway.auth.Caller caller = io.tollgrid.gateway.auth.Access.caller(ctx);
        if (caller != null && !caller.isOperator() && sellPlans.plan(planId)
                .filter(plan -> !plan.tenantId().equals(caller.tenantId())).isPresent()) {
            // Another tenant's sell plan answers as a missing plan: a reseller sells only its own.
            throw new ApiException(404, "RATE_PLAN_UNKNOWN", "no rate plan " + planId);
        }
        LostStopPolicy lostStop = enumValue(LostStopPolicy.class, "lostStop",
                body.optionalText("lostStop", LostStopPolicy.DEFAULT.name()));
        Account account = guarded(() -> grid.openAccount(Account.open(body.id("tenantId"), body.id("accountId"), currency,
                planId, payType, strategy, limits, balance.micros(), creditLimit.micros(), lowBalance.micros())
                .withLostStopPolicy(lostStop)));
        Responses.json(ctx, 201, new JsonObject().put("accountId", account.accountId())
                .put("balance", Money.ofMicros(account.balanceMicros()).toPlainString()));
    }

    private static AccountLimits limits(JsonBodies body) {
        Object raw = body.json().getValue("limits");
        if (raw == null) {
            return AccountLimits.NONE;
        }
        if (!(raw instanceof JsonObject)) {
            throw ApiException.invalid("'limits' must be an object");
        }
        JsonBodies limits = JsonBodies.of((JsonObject) raw);
        Money dailyCap = limits.money("dailyCap", Money.ZERO);
        if (dailyCap.isNegative()) {
            throw ApiException.invalid("'limits.dailyCap' must not be negative");
        }
        return new AccountLimits(limits.count("maxCalls"), limits.count("maxInbound"), limits.count("maxOutbound"),
                limits.count("callsPerSecond"), dailyCap.micros(), limits.positiveInt("sliceSeconds", 300));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'" + field + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private void setStatus(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        AccountStatus status = enumValue(AccountStatus.class, "status", body.text("status"));
        String before = grid.account(ctx.pathParam("account")).map(found -> found.status().name()).orElse("none");
        Account account = guarded(() -> grid.setStatus(ctx.pathParam("account"), status));
        AuditTrail.changes(ctx, "status: " + before + " -> " + account.status().name());
        Responses.json(ctx, 200, new JsonObject().put("accountId", account.accountId()).put("status", account.status().name()));
    }

    private void putSubscriber(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        Money credit = body.money("credit", Money.ZERO);
        if (credit.isNegative()) {
            throw ApiException.invalid("'credit' must not be negative (0 shares the account's credit)");
        }
        String department = body.json().getString("department");
        var subscriber = guarded(() -> grid.putSubscriber(ctx.pathParam("account"), body.id("subscriberId"), credit,
                department));
        JsonObject created = new JsonObject().put("subscriberId", subscriber.subscriberId())
                .put("credit", Money.ofMicros(subscriber.creditMicros()).toPlainString());
        if (subscriber.department() != null) {
            created.put("department", subscriber.department());
        }
        Responses.json(ctx, 201, created);
    }

    /** Moves an extension to another department; an empty name takes it out of any. */
    private void setDepartment(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        // Required by the contract; the grid checks the name (DEPARTMENT_INVALID, 400).
        String department = body.json().getString("department");
        var moved = guarded(() -> grid.setDepartment(ctx.pathParam("account"), ctx.pathParam("subscriber"),
                department.isEmpty() ? null : department));
        JsonObject answer = new JsonObject().put("subscriberId", moved.subscriberId());
        if (moved.department() != null) {
            answer.put("department", moved.department());
        }
        Responses.json(ctx, 200, answer);
    }

    /** A switch by key or source address, for a tenant (or the operator), with its grid-failure policy. */
    private void putSwitch(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenantId = body.json().getValue("tenantId") == null ? null : body.id("tenantId");
        String key = body.json().getValue("key") == null ? null : body.text("key");
        String address = body.json().getValue("sourceIp") == null ? null : body.text("sourceIp");
        SwitchCredential credential;
        try {
            credential = new SwitchCredential(tenantId, (int) Math.min(Integer.MAX_VALUE, optionalCount(body, "failOpenSeconds")),
                    (int) Math.min(Integer.MAX_VALUE, optionalCount(body, "deadlineMs")));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        guarded(() -> grid.putSwitch(tenantId, key, address, credential));
        Responses.json(ctx, 201, new JsonObject().put("tenantId", tenantId).put(key != null ? "key" : "sourceIp",
                key != null ? "(stored as its SHA-256)" : address).put("failOpenSeconds", credential.failOpenSeconds())
                .put("deadlineMs", credential.deadlineMillis()));
    }

    private static long optionalCount(JsonBodies body, String field) {
        return body.json().getValue(field) == null ? 0 : body.nonNegativeLong(field);
    }

    /** Names the payer of calls that carry a PIN, SIP user, caller prefix, extension, account code or source IP. */
    private void putIdentity(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        IdentityKind kind = enumValue(IdentityKind.class, "kind", body.text("kind"));
        String value = body.id("value");
        if (kind == IdentityKind.PREFIX && !value.matches("[0-9]{1," + CallerHints.MAX_PREFIX_DIGITS + "}")) {
            throw ApiException.invalid("a PREFIX identity is 1 to " + CallerHints.MAX_PREFIX_DIGITS + " digits");
        }
        String subscriber = body.json().getValue("subscriberId") == null ? null : body.id("subscriberId");
        Identity identity = guarded(() -> grid.putIdentity(kind, value, body.id("accountId"), subscriber));
        Responses.json(ctx, 201, new JsonObject().put("kind", identity.kind().name()).put("value", identity.value())
                .put("accountId", identity.accountId()).put("subscriberId", identity.subscriberId()));
    }

    private void transfer(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        TransferKind kind = enumValue(TransferKind.class, "kind", body.text("kind"));
        Money amount = body.money("amount", null);
        Responses.whenDone(ctx, charging.transfer(ctx.pathParam("account"), body.id("transferId"), kind, amount.micros(),
                System.currentTimeMillis(), body.optionalText("note", "")), TenantApi::transferAnswer);
    }

    private static <T> T guarded(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (AdminException e) {
            int status = switch (e.code()) {
                case "ACCOUNT_EXISTS", "API_KEY_TAKEN", "SUBSCRIBER_EXISTS", "SWITCH_TAKEN", "IDENTITY_TAKEN" -> 409;
                case "ACCOUNT_UNKNOWN", "TENANT_UNKNOWN", "SUBSCRIBER_UNKNOWN" -> 404;
                default -> 400;
            };
            throw new ApiException(status, e.code(), e.getMessage());
        }
    }

    private static void guarded(Runnable action) {
        guarded(() -> {
            action.run();
            return null;
        });
    }
}
