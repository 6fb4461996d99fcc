package io.tollgrid.gateway.admin;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** POST /admin/tenants, /admin/rate-plans and /admin/accounts, with {@code Authorization: Bearer <admin key>}. */
public final class AdminApi {
    private final GridAdmin grid;
    private final byte[] adminKey;

    public AdminApi(GridAdmin grid, String adminKey) {
        this.grid = grid;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    }

    public void mount(Router router) {
        router.route("/admin/*").handler(this::authenticate);
        router.post("/admin/tenants").blockingHandler(this::putTenant, false);
        router.post("/admin/rate-plans").blockingHandler(this::putRatePlan, false);
        router.post("/admin/accounts").blockingHandler(this::createAccount, false);
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, adminKey)) {
            throw new ApiException(401, "UNAUTHENTICATED", "send 'Authorization: Bearer <admin key>'");
        }
        ctx.next();
    }

    private void putTenant(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenantId = body.id("tenantId");
        guarded(() -> grid.putTenant(tenantId, body.text("name"), body.text("apiKey")));
        Responses.json(ctx, 201, new JsonObject().put("tenantId", tenantId));
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
        Account account = guarded(() -> grid.createAccount(body.id("tenantId"), body.id("accountId"), currency,
                body.id("ratePlanId"), body.money("balance", Money.ZERO), creditLimit));
        Responses.json(ctx, 201, new JsonObject().put("accountId", account.accountId())
                .put("balance", Money.ofMicros(account.balanceMicros()).toPlainString()));
    }

    private static <T> T guarded(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (AdminException e) {
            int status = e.code().equals("ACCOUNT_EXISTS") || e.code().equals("API_KEY_TAKEN") ? 409 : 400;
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
