package io.tollgrid.gateway.tenant;

import io.tollgrid.gateway.audit.AuditTrail;
import io.tollgrid.gateway.auth.Access;
import io.tollgrid.gateway.auth.Caller;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.rateplan.DeckSummary;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.grid.rateplan.SellPlan;
import io.tollgrid.grid.rateplan.SellPlanException;
import io.tollgrid.grid.rateplan.SellPlans;
import io.tollgrid.grid.tenancy.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Resellers' sell plans over the tenant API: GET /v1/rate-plans (the caller's own plans and its buy plan),
 * PUT /v1/rate-plans/{planId} (create or replace one of the caller's own, {@code <tenantId>:<name>}, as markups over its
 * buy plan) and POST /v1/accounts/{account}/rate-plan (put an account of its subtree on one of them). A reseller admin
 * acts on its own tenant's plans only; the operator on any tenant's. A plan id of any other tenant answers as a
 * missing plan (404) before its body is read. docs/api.md, docs/rating.md "Reseller sell plans".
 */
public final class SellPlansApi {
    /** How long a write waits for every grid node to price with the new deck version before it answers. */
    static final Duration COMPILE_WAIT = Duration.ofSeconds(30);
    /** Where the owner a plan id names is kept once checked. */
    private static final String OWNER = "tollgrid.sell-plan.owner";

    private final SellPlans plans;
    private final RateDecks decks;
    private final GridAdmin grid;

    public SellPlansApi(SellPlans plans, RateDecks decks, GridAdmin grid) {
        this.plans = plans;
        this.decks = decks;
        this.grid = grid;
    }

    public void mount(Router router, ApiContract contract) {
        router.get("/v1/rate-plans").handler(contract.validate("ratePlans")).blockingHandler(this::list, false);
        router.put("/v1/rate-plans/:planId").blockingHandler(this::owner, false)
                .handler(contract.validate("putSellPlan")).blockingHandler(this::put, false);
        router.post("/v1/accounts/:account/rate-plan").handler(contract.validate("assignRatePlan"))
                .blockingHandler(this::assign, false);
    }

    private static Caller caller(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        if (caller == null || (!caller.isOperator() && caller.tenantId() == null)) {
            throw new ApiException(401, "UNAUTHENTICATED", "send 'Authorization: Bearer <API key or session token>'");
        }
        return caller;
    }

    private void list(RoutingContext ctx) {
        Caller caller = caller(ctx);
        String tenantId = caller.tenantId();
        if (caller.isOperator()) {
            tenantId = ctx.queryParams().get("tenant");
            if (tenantId == null || tenantId.isEmpty()) {
                throw ApiException.invalid("the operator names the tenant: ?tenant=<tenantId>");
            }
        }
        Tenant tenant = grid.tenant(tenantId).orElseThrow(SellPlansApi::tenantUnknown);
        JsonArray rows = new JsonArray();
        plans.ownedBy(tenant.tenantId()).forEach(plan -> rows.add(toJson(plan)));
        Responses.json(ctx, 200, new JsonObject()
                .put("tenant", tenant.tenantId())
                .put("buyPlan", tenant.buyPlanId() == null ? null
                        : new JsonObject().put("planId", tenant.buyPlanId()).put("readOnly", true))
                .put("deckVersion", decks.active().map(DeckSummary::version).orElse(0L))
                .put("plans", rows));
    }

    /**
     * The plan id's tenant: the caller's own for a reseller admin, any existing tenant for the operator. Anything else
     * answers as a missing plan, before the body is validated, so it tells nothing.
     */
    private void owner(RoutingContext ctx) {
        Caller caller = caller(ctx);
        String planId = ctx.pathParam("planId");
        int at = planId == null ? -1 : planId.lastIndexOf(SellPlan.SEPARATOR);
        String owner = at > 0 ? planId.substring(0, at) : null;
        boolean reached = owner != null && (caller.isOperator() ? grid.tenant(owner).isPresent()
                : owner.equals(caller.tenantId()));
        if (!reached) {
            throw new ApiException(404, "RATE_PLAN_UNKNOWN", "no such plan: a sell plan's id is <tenantId>:<name> "
                    + "of the caller's own tenant");
        }
        ctx.put(OWNER, owner);
        ctx.next();
    }

    private void put(RoutingContext ctx) {
        String owner = ctx.get(OWNER);
        String name = ctx.pathParam("planId").substring(owner.length() + 1);
        if (!name.matches(SellPlan.NAME_PATTERN)) {
            throw ApiException.invalid("a sell plan's name (after '" + owner + ":') is 1 to 64 letters, digits, "
                    + "'.', '_' or '-'");
        }
        List<SellPlan.Markup> markups = markups(ctx.body().asJsonObject().getJsonArray("markups"));
        String before = plans.plan(SellPlan.idOf(owner, name)).map(SellPlansApi::describe).orElse("none");
        SellPlans.Written written;
        try {
            written = plans.put(owner, name, markups, System.currentTimeMillis());
        } catch (SellPlanException e) {
            throw refusal(e);
        }
        plans.awaitCompiled(written.version(), COMPILE_WAIT);
        AuditTrail.changes(ctx, before + " -> " + describe(written.plan()) + " (deck v" + written.version() + ")");
        Responses.json(ctx, written.replaced() ? 200 : 201, toJson(written.plan()).put("tenant", owner)
                .put("deckVersion", written.version()).put("replaced", written.replaced()));
    }

    /** The body's markups; a negative one (selling under the buy price) is 422 NEGATIVE_MARKUP. */
    private static List<SellPlan.Markup> markups(JsonArray given) {
        List<SellPlan.Markup> markups = new ArrayList<>();
        for (Object item : given) {
            JsonObject row = (JsonObject) item; // the contract checked the shape
            BigDecimal percent = new BigDecimal(row.getString("percent", "0"));
            BigDecimal fixed = new BigDecimal(row.getString("fixed", "0"));
            if (percent.signum() < 0 || fixed.signum() < 0) {
                throw new ApiException(422, "NEGATIVE_MARKUP", "a markup of group '" + row.getString("group")
                        + "' is below zero: a sell plan never sells under its buy price");
            }
            markups.add(new SellPlan.Markup(row.getString("group"), percent, fixed));
        }
        return markups;
    }

    private void assign(RoutingContext ctx) {
        Caller caller = caller(ctx);
        String planId = ctx.body().asJsonObject().getString("planId");
        // Access has checked the account is in the caller's reach. The plan must be one of the caller's own.
        SellPlan plan = plans.plan(planId).filter(found -> found.tenantId().equals(caller.tenantId()))
                .orElseThrow(() -> new ApiException(404, "RATE_PLAN_UNKNOWN", "no such plan among this tenant's sell plans"));
        String accountId = ctx.pathParam("account");
        String before = grid.account(accountId).map(Account::ratePlanId).orElse("none");
        Account account;
        try {
            account = grid.setRatePlan(accountId, plan.planId());
        } catch (AdminException e) {
            throw new ApiException(404, e.code(), e.getMessage());
        }
        AuditTrail.changes(ctx, "ratePlanId: " + before + " -> " + account.ratePlanId());
        Responses.json(ctx, 200, new JsonObject().put("account", account.accountId())
                .put("ratePlanId", account.ratePlanId()).put("previousRatePlanId", before));
    }

    private static ApiException refusal(SellPlanException e) {
        int status = switch (e.code()) {
            case "TENANT_UNKNOWN" -> 404;
            case "INVALID_REQUEST" -> 400;
            case "MARKUP_REJECTED" -> 422;
            default -> 409;
        };
        return new ApiException(status, e.code(), e.getMessage());
    }

    static JsonObject toJson(SellPlan plan) {
        JsonArray markups = new JsonArray();
        for (SellPlan.Markup markup : plan.markups()) {
            markups.add(new JsonObject().put("group", markup.group()).put("percent", markup.percent().toPlainString())
                    .put("fixed", markup.fixed().toPlainString()));
        }
        return new JsonObject().put("planId", plan.planId()).put("name", plan.name()).put("parent", plan.parentId())
                .put("markups", markups).put("updatedAt", Instant.ofEpochMilli(plan.atMillis()).toString());
    }

    private static String describe(SellPlan plan) {
        return "{parent=" + plan.parentId() + " markups=" + plan.markups().stream()
                .map(m -> m.group() + ":" + m.percent().toPlainString() + "%+" + m.fixed().toPlainString())
                .collect(Collectors.joining(",", "[", "]")) + "}";
    }

    private static ApiException tenantUnknown() {
        return new ApiException(404, "TENANT_UNKNOWN", "no such tenant");
    }
}
