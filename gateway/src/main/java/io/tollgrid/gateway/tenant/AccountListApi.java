package io.tollgrid.gateway.tenant;

import io.tollgrid.gateway.auth.Access;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.TenantAccounts;
import io.tollgrid.grid.admin.GridAdmin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * GET /v1/accounts: one page of a tenant's own accounts in id order, each with its balance and status: the caller's
 * tenant, or with {@code tenant=} one in its reach (a reseller's customer); any other tenant answers as a missing one
 * (404 TENANT_UNKNOWN). Read through {@link TenantAccounts}, a scan of the accounts, so it is an administrator's
 * listing, bounded by {@link TenantAccounts#MAX_PAGE}, never a switch's path. docs/api.md, "Tenant API".
 */
public final class AccountListApi {
    static final int DEFAULT_LIMIT = 100;

    private final TenantAccounts accounts;
    private final Access access;
    private final GridAdmin grid;

    public AccountListApi(TenantAccounts accounts, Access access, GridAdmin grid) {
        this.accounts = accounts;
        this.access = access;
        this.grid = grid;
    }

    public void mount(Router router, ApiContract contract, TenantApi tenants) {
        router.get("/v1/accounts").handler(tenants::authenticate).handler(contract.validate("accounts"))
                .blockingHandler(this::list, false);
    }

    private void list(RoutingContext ctx) {
        String own = ctx.get(TenantApi.TENANT);
        String tenant = ctx.queryParams().get("tenant");
        if (tenant == null || tenant.isEmpty()) {
            tenant = own;
        } else if (grid.tenant(tenant).isEmpty() || !access.reaches(Access.caller(ctx), tenant)) {
            throw new ApiException(404, "TENANT_UNKNOWN", "no such tenant");
        }
        String after = ctx.queryParams().get("after");
        String limitText = ctx.queryParams().get("limit");
        int limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText); // the contract checked its range
        List<Account> page = accounts.page(tenant, after == null || after.isEmpty() ? null : after, limit);
        JsonArray rows = new JsonArray();
        for (Account account : page) {
            rows.add(TenantApi.balanceOf(account).put("payType", account.payType().name())
                    .put("activeCalls", account.activeCalls()));
        }
        // A full page may have more after it; the next page starts after its last account.
        String next = page.size() == limit ? page.get(page.size() - 1).accountId() : null;
        Responses.json(ctx, 200, new JsonObject().put("tenant", tenant).put("count", rows.size()).put("accounts", rows)
                .put("next", next));
    }
}
