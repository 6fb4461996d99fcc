package io.tollgrid.gateway.routing;

import io.tollgrid.gateway.calls.SwitchGate;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.CallPricing;
import io.tollgrid.grid.charging.PlanTariff;
import io.tollgrid.grid.identity.SwitchCredential;
import io.tollgrid.grid.routing.CarrierRoutes;
import io.tollgrid.grid.routing.RoutePlanScope;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.routing.Carrier;
import io.tollgrid.rating.routing.CarrierLimits;
import io.tollgrid.rating.routing.CarrierStatus;
import io.tollgrid.rating.routing.DestinationOverride;
import io.tollgrid.rating.routing.Fraction;
import io.tollgrid.rating.routing.QualityThreshold;
import io.tollgrid.rating.routing.Route;
import io.tollgrid.rating.routing.RouteEntry;
import io.tollgrid.rating.routing.RouteList;
import io.tollgrid.rating.routing.RoutePlan;
import io.tollgrid.rating.routing.RouteRequest;
import io.tollgrid.rating.routing.Router;
import io.tollgrid.rating.routing.SellPrice;
import io.tollgrid.rating.routing.SipGateway;
import io.tollgrid.rating.routing.Skipped;
import io.tollgrid.rating.routing.Strategy;
import io.tollgrid.rating.routing.Transport;
import io.tollgrid.rating.prefix.DialRule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * POST /admin/carriers and /admin/route-plans (mount after the admin API, whose {@code /admin/*} route checks the
 * admin key), and GET /v1/routes for a switch or the operator. QUALITY plans judge carriers by the quality windows
 * the grid keeps from stops that name their carrier (docs/routing.md), as this node's routing table last heard of them.
 */
public final class RoutesApi {
    private final CarrierRoutes routes;
    private final GridAdmin admin;
    private final ActiveDeck deck;
    private final byte[] adminKey;
    private final org.apache.ignite.Ignite ignite;

    /** @param deck the active deck, shared with the CDR search's destination names (one compiled copy per JVM) */
    public RoutesApi(org.apache.ignite.Ignite ignite, GridAdmin admin, ActiveDeck deck, String adminKey) {
        this.routes = new CarrierRoutes(ignite);
        this.admin = admin;
        this.deck = deck;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
        this.ignite = ignite;
    }

    public void mount(io.vertx.ext.web.Router router, SwitchGate gate, ApiContract contract) {
        router.post("/admin/carriers").handler(contract.validate("putCarrier")).blockingHandler(this::putCarrier, false);
        router.post("/admin/route-plans").handler(contract.validate("putRoutePlan")).blockingHandler(this::putPlan, false);
        router.get("/v1/routes").handler(ctx -> {
            if (isAdmin(ctx)) {
                ctx.next();
            } else {
                gate.handle(ctx);
            }
        });
        router.get("/v1/routes").handler(contract.validate("queryRoutes")).blockingHandler(this::query, false);
    }

    private void putCarrier(RoutingContext ctx) {
        JsonObject body = ctx.body().asJsonObject();
        Carrier carrier = valid(() -> {
            List<SipGateway> gateways = new ArrayList<>();
            for (Object item : body.getJsonArray("gateways")) {
                JsonObject gateway = (JsonObject) item;
                gateways.add(new SipGateway(gateway.getString("address"),
                        Transport.valueOf(gateway.getString("transport", "UDP").toUpperCase(Locale.ROOT)),
                        gateway.getString("stripPrefix", ""), gateway.getString("addPrefix", "")));
            }
            return new Carrier(body.getString("carrierId"), body.getString("name"),
                    CarrierStatus.valueOf(body.getString("status", "ACTIVE").toUpperCase(Locale.ROOT)),
                    body.getString("buyPlan"), gateways,
                    new CarrierLimits(body.getInteger("maxConcurrentCalls", 0), body.getInteger("maxCallsPerSecond", 0)));
        });
        boolean created = guarded(() -> routes.putCarrier(carrier));
        Responses.json(ctx, 201, carrierJson(carrier).put("created", created));
    }

    private void putPlan(RoutingContext ctx) {
        JsonObject body = ctx.body().asJsonObject();
        RoutePlanScope scope = valid(() -> new RoutePlanScope(body.getString("tenantId"), body.getString("accountId")));
        if (scope.tenantId() != null && admin.tenant(scope.tenantId()).isEmpty()) {
            throw new ApiException(404, "TENANT_UNKNOWN", "no tenant " + scope.tenantId());
        }
        if (scope.accountId() != null && admin.account(scope.accountId()).isEmpty()) {
            throw new ApiException(404, "ACCOUNT_UNKNOWN", "no account " + scope.accountId());
        }
        RoutePlan plan = valid(() -> {
            List<DestinationOverride> overrides = new ArrayList<>();
            JsonArray given = body.getJsonArray("overrides", new JsonArray());
            for (Object item : given) {
                JsonObject override = (JsonObject) item;
                overrides.add(new DestinationOverride(override.getString("prefix"), strategy(override.getString("strategy")),
                        entries(override.getJsonArray("carriers"))));
            }
            Set<String> blocked = new HashSet<>();
            for (Object id : body.getJsonArray("blockedCarriers", new JsonArray())) {
                blocked.add((String) id);
            }
            JsonObject quality = body.getJsonObject("quality");
            QualityThreshold threshold = quality == null ? null : new QualityThreshold(
                    Fraction.parse(quality.getString("minAsr", "0")), Fraction.parse(quality.getString("minAcdSeconds", "0")),
                    quality.getInteger("minCalls", 20));
            return new RoutePlan(body.getString("planId"), strategy(body.getString("strategy")),
                    entries(body.getJsonArray("carriers")), overrides, blocked,
                    body.getBoolean("allowNegativeMargin", false), body.getInteger("marginSeconds", 60), threshold);
        });
        guarded(() -> {
            routes.putPlan(plan, scope);
            return plan;
        });
        Responses.json(ctx, 201, new JsonObject().put("planId", plan.id()).put("strategy", plan.strategy().name())
                .put("tenantId", scope.tenantId()).put("accountId", scope.accountId())
                .put("carriers", plan.carriers().size()).put("overrides", plan.overrides().size()));
    }

    private void query(RoutingContext ctx) {
        String accountId = ctx.queryParams().get("account");
        String callee = ctx.queryParams().get("callee");
        String source = ctx.queryParams().contains("source") ? ctx.queryParams().get("source") : DialRule.DEFAULT_SOURCE;
        Instant at = at(ctx.queryParams().get("at"));
        SwitchCredential caller = isAdmin(ctx) ? null : SwitchGate.credentialOf(ctx);
        Account account = (caller == null || caller.tenantId() == null ? admin.account(accountId)
                : admin.accountOf(caller.tenantId(), accountId))
                .orElseThrow(() -> new ApiException(404, "ACCOUNT_UNKNOWN", "no account " + accountId));
        RoutePlan plan = routes.planFor(account.tenantId(), account.accountId()).orElseThrow(() -> new ApiException(404,
                "NO_ROUTE_PLAN", "neither account " + accountId + " nor its tenant has a route plan"));
        RateDeck active = deck.get();
        long start = at.getEpochSecond();
        SellPrice sell = sellPrice(active, account.ratePlanId(), source, callee, start);
        RouteList list = valid(() -> new Router(routes.carriers(), active,
                io.tollgrid.grid.routing.RoutingTable.on(ignite).quality())
                .route(plan, new RouteRequest(source, callee, start, sell, seed(ctx.queryParams().get("callId"), callee))));
        JsonArray routeArray = new JsonArray();
        for (Route route : list.routes()) {
            routeArray.add(new JsonObject().put("carrierId", route.carrierId()).put("uri", route.gatewayUri())
                    .put("buyPrefix", route.buyPrefix()).put("buyCost", route.buyCost().toPlainString())
                    .put("sellCost", route.sellCost().toPlainString()).put("margin", route.margin().toPlainString()));
        }
        JsonArray skipped = new JsonArray();
        for (Skipped skip : list.skipped()) {
            skipped.add(new JsonObject().put("carrierId", skip.carrierId()).put("reason", skip.reason().name()));
        }
        Responses.json(ctx, 200, new JsonObject().put("account", account.accountId()).put("callee", list.e164())
                .put("planId", list.planId()).put("strategy", list.strategy().name())
                .put("overridePrefix", list.overridePrefix()).put("marginSeconds", list.marginSeconds())
                .put("at", at.toString()).put("routes", routeArray).put("skipped", skipped));
    }

    /** The account's price for the call at each length: by the deck when it defines the plan, else its flat rate. */
    private SellPrice sellPrice(RateDeck active, String planId, String source, String callee, long start) {
        PlanTariff tariff = PlanTariff.of(active.version() == 0 ? null : active, planId,
                id -> admin.ratePlan(id).orElse(null));
        if (tariff instanceof PlanTariff.FromDeck fromDeck) {
            Rate rate = fromDeck.plan().find(source, callee, start);
            if (!rate.isRated()) {
                throw new ApiException(422, "DESTINATION_NOT_RATED", "the account's plan " + planId
                        + " does not sell calls to " + callee + " (" + rate.verdict() + ")");
            }
            CallPricing pricing = CallPricing.deck(rate, start);
            return pricing::cost;
        }
        if (tariff instanceof PlanTariff.Flat flat) {
            CallPricing pricing = flat.price().pricing();
            return pricing::cost;
        }
        throw new IllegalStateException("account's rate plan " + planId + " is in neither the deck nor the flat plans");
    }

    /** WEIGHT plans draw by this: the same call id (or, without one, the same callee) gets the same order. */
    private static long seed(String callId, String callee) {
        String basis = callId != null ? callId : callee;
        long seed = 1125899906842597L;
        for (int i = 0; i < basis.length(); i++) {
            seed = 31 * seed + basis.charAt(i);
        }
        return seed;
    }

    private boolean isAdmin(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        return header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8), adminKey);
    }

    private static Instant at(String text) {
        try {
            return text == null ? Instant.now() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'at' is not an ISO-8601 instant: " + text);
        }
    }

    private static Strategy strategy(String name) {
        return Strategy.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static List<RouteEntry> entries(JsonArray array) {
        List<RouteEntry> entries = new ArrayList<>();
        for (Object item : array) {
            JsonObject entry = (JsonObject) item;
            entries.add(new RouteEntry(entry.getString("carrierId"), entry.getInteger("priority", 0),
                    entry.getInteger("weight", 1)));
        }
        return entries;
    }

    private static JsonObject carrierJson(Carrier carrier) {
        JsonArray gateways = new JsonArray();
        for (SipGateway gateway : carrier.gateways()) {
            gateways.add(new JsonObject().put("address", gateway.address()).put("transport", gateway.transport().name())
                    .put("stripPrefix", gateway.stripPrefix()).put("addPrefix", gateway.addPrefix()));
        }
        return new JsonObject().put("carrierId", carrier.id()).put("name", carrier.name())
                .put("status", carrier.status().name()).put("buyPlan", carrier.buyPlan()).put("gateways", gateways)
                .put("maxConcurrentCalls", carrier.limits().maxConcurrentCalls())
                .put("maxCallsPerSecond", carrier.limits().maxCallsPerSecond());
    }

    /** Builds a value from a validated body; what the domain refuses is the client's mistake, answered 400. */
    private static <T> T valid(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw ApiException.invalid(e.getMessage() == null ? "invalid request" : e.getMessage());
        }
    }

    private static <T> T guarded(Supplier<T> action) {
        try {
            return action.get();
        } catch (AdminException e) {
            throw new ApiException(e.code().endsWith("_UNKNOWN") ? 404 : 409, e.code(), e.getMessage());
        }
    }
}
