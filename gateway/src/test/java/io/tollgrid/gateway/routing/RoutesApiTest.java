package io.tollgrid.gateway.routing;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Carriers and a route plan set up over the admin API, then routes asked for by a switch. Prices at 60 s: the
 * account sells UK at 0.10; carrier a buys at 0.05, b at 0.04 + 0.01 connect fee, c at 0.12 (above the sell).
 */
@ExtendWith(CassandraExtension.class)
class RoutesApiTest {
    private static final String TENANT_SWITCH_KEY = "routes-tenant-switch-key-01";
    private static TestGateway gateway;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("routes-test", cassandra);
        JsonObject tables = new JsonObject()
                .put("plans.csv", "plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,max_grant_seconds\n"
                        + "rt-retail,,UTC,6,SPLIT,UP,CALL,14400\nrt-buy-a,,UTC,6,SPLIT,UP,CALL,14400\n"
                        + "rt-buy-b,,UTC,6,SPLIT,UP,CALL,14400\nrt-buy-c,,UTC,6,SPLIT,UP,CALL,14400\n")
                .put("rates.csv", "plan,prefix,description,group,band,blocked,unit,price,connect_fee,initial_increment,"
                        + "next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority\n"
                        + "rt-retail,44,UK,UK,*,false,MINUTE,0.10,0,60,60,0,0,2025-01-01T00:00:00Z,,0\n"
                        + "rt-buy-a,44,UK,UK,*,false,MINUTE,0.05,0,60,60,0,0,2025-01-01T00:00:00Z,,0\n"
                        + "rt-buy-b,44,UK,UK,*,false,MINUTE,0.04,0.01,60,60,0,0,2025-01-01T00:00:00Z,,0\n"
                        + "rt-buy-c,44,UK,UK,*,false,MINUTE,0.12,0,60,60,0,0,2025-01-01T00:00:00Z,,0\n")
                .put("normalisation.csv", "source,strip_prefix,international_prefix,national_prefix,country_code\n*,,00,0,44\n");
        gateway.admin("/admin/rate-decks", new JsonObject().put("tables", tables).encode());
        // Accounts are opened on a stored plan id; the deck defines rt-retail too, and the deck's rates win.
        gateway.admin("/admin/rate-plans", "{\"planId\":\"rt-retail\",\"pricePerMinute\":\"9\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"rt\",\"name\":\"rt\",\"apiKey\":\"routes-tenant-key-0001\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"rt-other\",\"name\":\"other\",\"apiKey\":\"routes-other-key-0001\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"rt\",\"accountId\":\"rt-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"rt-retail\",\"balance\":\"10\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"rt-other\",\"accountId\":\"rt-other-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"rt-retail\",\"balance\":\"10\"}");
        gateway.admin("/admin/switches", "{\"tenantId\":\"rt\",\"key\":\"" + TENANT_SWITCH_KEY + "\"}");
        gateway.admin("/admin/carriers", carrier("a", "rt-buy-a", "{\"address\":\"10.0.0.1\",\"transport\":\"UDP\"}"));
        gateway.admin("/admin/carriers", carrier("b", "rt-buy-b",
                "{\"address\":\"gw.b.example:5080\",\"transport\":\"TCP\",\"stripPrefix\":\"44\",\"addPrefix\":\"0\"}"));
        gateway.admin("/admin/carriers", carrier("c", "rt-buy-c", "{\"address\":\"10.0.3.1\"}"));
        gateway.admin("/admin/route-plans", "{\"planId\":\"rt-lcr\",\"tenantId\":\"rt\",\"strategy\":\"LEAST_COST\","
                + "\"carriers\":[{\"carrierId\":\"a\"},{\"carrierId\":\"b\",\"priority\":5},{\"carrierId\":\"c\"}]}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static String carrier(String id, String buyPlan, String gateway) {
        return "{\"carrierId\":\"" + id + "\",\"name\":\"Carrier " + id + "\",\"buyPlan\":\"" + buyPlan
                + "\",\"gateways\":[" + gateway + "],\"maxConcurrentCalls\":100,\"maxCallsPerSecond\":10}";
    }

    static Reply routes(String query, String... headers) {
        return gateway.fromAddress("127.0.0.1", "GET", "/v1/routes?" + query, null, headers);
    }

    @Test
    void aSwitchGetsTheRoutesCheapestFirstWithoutTheNegativeMarginCarrier() {
        Reply reply = routes("account=rt-1&callee=02071234567&at=2026-06-01T10:00:00Z", "X-Switch-Key: " + TestGateway.SWITCH_KEY);

        assertEquals(200, reply.status(), reply.body());
        JsonObject body = reply.json();
        assertEquals("442071234567", body.getString("callee"));
        assertEquals("rt-lcr", body.getString("planId"));
        JsonArray list = body.getJsonArray("routes");
        // a and b both cost 0.05 for 60 s; b has the higher priority.
        assertEquals(List.of("sip:02071234567@gw.b.example:5080;transport=tcp", "sip:442071234567@10.0.0.1;transport=udp"),
                List.of(list.getJsonObject(0).getString("uri"), list.getJsonObject(1).getString("uri")));
        assertEquals(2, list.size());
        assertEquals("0.050000", list.getJsonObject(0).getString("buyCost"));
        assertEquals("0.100000", list.getJsonObject(0).getString("sellCost"));
        assertEquals("0.050000", list.getJsonObject(0).getString("margin"));
        assertEquals(new JsonArray().add(new JsonObject().put("carrierId", "c").put("reason", "NEGATIVE_MARGIN")),
                body.getJsonArray("skipped"));
    }

    @Test
    void anAccountsOwnPlanAndBlockedCarriersApply() {
        gateway.admin("/admin/carriers", carrier("d", "rt-buy-a", "{\"address\":\"10.0.4.1\"}").replace("{\"carrierId", "{\"status\":\"BLOCKED\",\"carrierId"));
        gateway.admin("/admin/accounts", "{\"tenantId\":\"rt\",\"accountId\":\"rt-vip\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"rt-retail\",\"balance\":\"10\"}");
        gateway.admin("/admin/route-plans", "{\"planId\":\"rt-vip-plan\",\"accountId\":\"rt-vip\",\"strategy\":\"PRIORITY\","
                + "\"carriers\":[{\"carrierId\":\"a\",\"priority\":1},{\"carrierId\":\"c\",\"priority\":9},{\"carrierId\":\"d\"},"
                + "{\"carrierId\":\"b\"}],\"blockedCarriers\":[\"b\"],\"allowNegativeMargin\":true}");

        Reply reply = routes("account=rt-vip&callee=00442071234567", "Authorization: Bearer " + TestGateway.ADMIN_KEY);

        assertEquals(200, reply.status(), reply.body());
        JsonArray list = reply.json().getJsonArray("routes");
        assertEquals("c", list.getJsonObject(0).getString("carrierId"));
        assertEquals("-0.020000", list.getJsonObject(0).getString("margin"));
        assertEquals("a", list.getJsonObject(1).getString("carrierId"));
        assertEquals(2, list.size());
        assertEquals(List.of("CARRIER_BLOCKED", "BLOCKED_BY_PLAN"), reply.json().getJsonArray("skipped").stream()
                .map(skip -> ((JsonObject) skip).getString("reason")).toList());
    }

    @Test
    void aTenantsSwitchSeesOnlyItsOwnAccountsAndStrangersNone() {
        Reply own = routes("account=rt-1&callee=442071234567", "X-Switch-Key: " + TENANT_SWITCH_KEY);
        Reply other = routes("account=rt-other-1&callee=442071234567", "X-Switch-Key: " + TENANT_SWITCH_KEY);
        Reply anonymous = routes("account=rt-1&callee=442071234567");
        Reply tenantKey = routes("account=rt-1&callee=442071234567", "Authorization: Bearer routes-tenant-key-0001");

        assertEquals(200, own.status(), own.body());
        assertEquals(404, other.status(), other.body());
        assertEquals("ACCOUNT_UNKNOWN", other.errorCode());
        assertEquals(401, anonymous.status(), anonymous.body());
        assertEquals(401, tenantKey.status(), tenantKey.body());
    }

    /**
     * Authorise over the switch API answers the plan's routes (old fields unchanged), a tenant's switch gets them for
     * its own account only, an account whose tenant has no plan gets none; the stop names the carrier that connected.
     */
    @Test
    void authoriseAnswersTheRoutesAndTheStopRecordsTheConnectedCarrierWithItsBuyCost() throws Exception {
        gateway.admin("/admin/accounts", "{\"tenantId\":\"rt\",\"accountId\":\"rt-2\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"rt-retail\",\"balance\":\"10\"}");
        awaitRoutingTable("rt", "rt-1");
        Reply authorised = gateway.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"rt-call-1\",\"account\":\"rt-1\",\"callee\":\"02071234567\"}");
        Reply fromTenantSwitch = gateway.fromAddress("127.0.0.1", "POST", "/v1/calls/authorise",
                "{\"callId\":\"rt-call-2\",\"account\":\"rt-2\",\"callee\":\"442071234567\"}",
                "X-Switch-Key: " + TENANT_SWITCH_KEY, "Content-Type: application/json");
        Reply otherTenantsAccount = gateway.fromAddress("127.0.0.1", "POST", "/v1/calls/authorise",
                "{\"callId\":\"rt-call-3\",\"account\":\"rt-other-1\",\"callee\":\"442071234567\"}",
                "X-Switch-Key: " + TENANT_SWITCH_KEY, "Content-Type: application/json");
        Reply noPlan = gateway.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"rt-call-4\",\"account\":\"rt-other-1\",\"callee\":\"442071234567\"}");

        assertEquals(200, authorised.status(), authorised.body());
        JsonObject body = authorised.json();
        assertEquals("ALLOW", body.getString("decision"));
        long granted = body.getLong("maxDurationSeconds");
        assertEquals(6000, granted, "10.00 at 0.10/min");
        assertEquals("rt-lcr", body.getString("routePlan"));
        assertEquals(new JsonArray()
                        .add(new JsonObject().put("carrierId", "b").put("uri", "sip:02071234567@gw.b.example:5080;transport=tcp")
                                .put("maxDurationSeconds", granted))
                        .add(new JsonObject().put("carrierId", "a").put("uri", "sip:442071234567@10.0.0.1;transport=udp")
                                .put("maxDurationSeconds", granted)),
                body.getJsonArray("routes"));
        assertEquals(new JsonArray().add(new JsonObject().put("carrierId", "c").put("reason", "NEGATIVE_MARGIN")),
                body.getJsonArray("skipped"));
        assertEquals(200, fromTenantSwitch.status(), fromTenantSwitch.body());
        assertEquals(2, fromTenantSwitch.json().getJsonArray("routes").size(), fromTenantSwitch.body());
        assertEquals(404, otherTenantsAccount.status(), otherTenantsAccount.body());
        assertEquals("ACCOUNT_UNKNOWN", otherTenantsAccount.errorCode());
        assertEquals(false, otherTenantsAccount.json().containsKey("routes"));
        assertEquals("ALLOW", noPlan.json().getString("decision"), noPlan.body());
        assertEquals(false, noPlan.json().containsKey("routes"), "rt-other has no plan and never gets rt's");

        String balanceBefore = balance("rt-1");
        Reply unknownCarrier = gateway.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"rt-call-1\",\"account\":\"rt-1\",\"durationSeconds\":61,\"carrierId\":\"ghost\"}");
        Reply badCarrier = gateway.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"rt-call-1\",\"account\":\"rt-1\",\"durationSeconds\":61,\"carrierId\":\"a b\"}");
        assertEquals(422, unknownCarrier.status(), unknownCarrier.body());
        assertEquals("CARRIER_UNKNOWN", unknownCarrier.errorCode());
        assertEquals(400, badCarrier.status(), badCarrier.body());
        assertEquals(balanceBefore, balance("rt-1"), "a refused stop charges nothing");
        assertEquals(io.tollgrid.grid.session.SessionState.AUTHORISED, session("rt-1", "rt-call-1").state());

        assertEquals(2, (int) gateway.server().<String, Integer>cache(io.tollgrid.grid.node.Caches.CARRIER_CALLS).get("b"));
        // b (the first route) failed and a answered: the start names a, and the call's slot moves from b to a.
        Reply ghostStart = gateway.postFromSwitch("/v1/calls/start",
                "{\"callId\":\"rt-call-1\",\"account\":\"rt-1\",\"carrierId\":\"ghost\"}");
        assertEquals(422, ghostStart.status(), ghostStart.body());
        assertEquals("CARRIER_UNKNOWN", ghostStart.errorCode());
        assertEquals(io.tollgrid.grid.session.SessionState.AUTHORISED, session("rt-1", "rt-call-1").state());
        Reply started = gateway.postFromSwitch("/v1/calls/start",
                "{\"callId\":\"rt-call-1\",\"account\":\"rt-1\",\"carrierId\":\"a\"}");
        assertEquals(200, started.status(), started.body());
        assertEquals(1, (int) gateway.server().<String, Integer>cache(io.tollgrid.grid.node.Caches.CARRIER_CALLS).get("b"));
        assertEquals(1, (int) gateway.server().<String, Integer>cache(io.tollgrid.grid.node.Caches.CARRIER_CALLS).get("a"));
        Reply stopped = gateway.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"rt-call-1\",\"account\":\"rt-1\",\"durationSeconds\":61,\"carrierId\":\"a\"}");
        Reply replay = gateway.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"rt-call-1\",\"account\":\"rt-1\",\"durationSeconds\":61}");

        assertEquals(200, stopped.status(), stopped.body());
        assertEquals("a", stopped.json().getString("carrierId"));
        assertEquals("0.200000", stopped.json().getString("cost"));
        assertEquals(true, replay.json().getBoolean("replay"));
        assertEquals("a", replay.json().getString("carrierId"), "a replay answers the first stop");
        io.tollgrid.grid.session.Session recorded = session("rt-1", "rt-call-1");
        assertEquals("a", recorded.carrierId());
        assertEquals(100_000, recorded.buyCostMicros(), "2 minutes at a's 0.05");
        assertEquals("a", recorded.carrierSlot(), "the start moved the slot to the route that answered");
        assertEquals(0, (int) gateway.server().<String, Integer>cache(io.tollgrid.grid.node.Caches.CARRIER_CALLS).get("a"),
                "the stop gave a's slot back");
        assertEquals(1, (int) gateway.server().<String, Integer>cache(io.tollgrid.grid.node.Caches.CARRIER_CALLS).get("b"),
                "b's counter holds rt-call-2 only: rt-call-1's stop gave its slot back");
    }

    private static String balance(String account) {
        return gateway.get("/v1/accounts/" + account + "/balance", "routes-tenant-key-0001").json().getString("balance");
    }

    private static io.tollgrid.grid.session.Session session(String account, String callId) {
        return gateway.server().<io.tollgrid.grid.session.SessionKey, io.tollgrid.grid.session.Session>cache(
                io.tollgrid.grid.node.Caches.SESSIONS).get(new io.tollgrid.grid.session.SessionKey(account, callId));
    }

    /** A plan reaches the grid node's routing table shortly after it is stored (a continuous query). */
    private static void awaitRoutingTable(String tenant, String account) throws InterruptedException {
        io.tollgrid.grid.routing.RoutingTable table = io.tollgrid.grid.routing.RoutingTable.on(gateway.server());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (table.planFor(tenant, account) == null || table.carrier("a") == null || table.carrier("b") == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the route plan never reached the grid node");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void badInputIsRefusedWithItsCodeAndChangesNothing() {
        Reply unknownCarrier = gateway.post("/admin/route-plans", "{\"planId\":\"rt-lcr\",\"tenantId\":\"rt\","
                + "\"strategy\":\"PRIORITY\",\"carriers\":[{\"carrierId\":\"ghost\"}]}", TestGateway.ADMIN_KEY);
        Reply qualityWithoutThreshold = gateway.post("/admin/route-plans", "{\"planId\":\"rt-q\",\"tenantId\":\"rt\","
                + "\"strategy\":\"QUALITY\",\"carriers\":[{\"carrierId\":\"a\"}]}", TestGateway.ADMIN_KEY);
        Reply twice = gateway.post("/admin/route-plans", "{\"planId\":\"rt-x\",\"tenantId\":\"rt\","
                + "\"strategy\":\"LEAST_COST\",\"carriers\":[{\"carrierId\":\"a\"},{\"carrierId\":\"a\"}]}", TestGateway.ADMIN_KEY);
        Reply noTenant = gateway.post("/admin/route-plans", "{\"planId\":\"rt-x\",\"tenantId\":\"nobody\","
                + "\"strategy\":\"LEAST_COST\",\"carriers\":[{\"carrierId\":\"a\"}]}", TestGateway.ADMIN_KEY);
        Reply badGateway = gateway.post("/admin/carriers", carrier("e", "rt-buy-a", "{\"address\":\"10.0.0.1;evil\"}"),
                TestGateway.ADMIN_KEY);
        Reply badStrip = gateway.post("/admin/carriers", carrier("e", "rt-buy-a", "{\"address\":\"10.0.0.1\",\"stripPrefix\":\"4x\"}"),
                TestGateway.ADMIN_KEY);
        Reply asTenant = gateway.post("/admin/carriers", carrier("e", "rt-buy-a", "{\"address\":\"10.0.0.1\"}"),
                "routes-tenant-key-0001");
        Reply notANumber = routes("account=rt-1&callee=alice", "X-Switch-Key: " + TestGateway.SWITCH_KEY);
        Reply notSold = routes("account=rt-1&callee=0033123456", "X-Switch-Key: " + TestGateway.SWITCH_KEY);

        assertEquals(404, unknownCarrier.status(), unknownCarrier.body());
        assertEquals("CARRIER_UNKNOWN", unknownCarrier.errorCode());
        assertEquals(400, qualityWithoutThreshold.status(), qualityWithoutThreshold.body());
        assertEquals(400, twice.status(), twice.body());
        assertEquals(404, noTenant.status(), noTenant.body());
        assertEquals("TENANT_UNKNOWN", noTenant.errorCode());
        assertEquals(400, badGateway.status(), badGateway.body());
        assertEquals(400, badStrip.status(), badStrip.body());
        assertEquals(401, asTenant.status(), asTenant.body());
        assertEquals(400, notANumber.status(), notANumber.body());
        assertEquals(422, notSold.status(), notSold.body());
        assertEquals("DESTINATION_NOT_RATED", notSold.errorCode());
        // The tenant's plan is still the least-cost one, and no carrier e was made.
        Reply still = routes("account=rt-1&callee=442071234567", "X-Switch-Key: " + TestGateway.SWITCH_KEY);
        assertEquals("LEAST_COST", still.json().getString("strategy"));
        assertEquals(404, gateway.post("/admin/route-plans", "{\"planId\":\"rt-y\",\"tenantId\":\"rt\","
                + "\"strategy\":\"LEAST_COST\",\"carriers\":[{\"carrierId\":\"e\"}]}", TestGateway.ADMIN_KEY).status());
    }
}
