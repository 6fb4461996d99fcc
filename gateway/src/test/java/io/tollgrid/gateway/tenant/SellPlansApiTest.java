package io.tollgrid.gateway.tenant;

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

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resellers' sell plans over HTTP: reseller sp-r (buy plan sp-buy, at most 10 calls) with customer tenant sp-rc below
 * it; sp-x another reseller on the same buy plan; sp-n a reseller without one. A plan is written, listed, assigned and
 * priced; another tenant's plans and accounts answer as missing; bad bodies and other roles change nothing.
 */
@ExtendWith(CassandraExtension.class)
class SellPlansApiTest {
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static TestGateway gateway;
    private static String resellerKey;
    private static String otherKey;
    private static String noBuyPlanKey;
    private static String readOnlyKey;
    private static String enterpriseKey;
    private static String endUserKey;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("sell-plans-test", cassandra);
        JsonObject tables = new JsonObject()
                .put("plans.csv", "plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,max_grant_seconds\n"
                        + "sp-buy,,UTC,6,START,UP,CALL,14400\nsp-cheap,,UTC,6,START,UP,CALL,14400\n")
                .put("rates.csv", "plan,prefix,description,group,band,blocked,unit,price,connect_fee,initial_increment,"
                        + "next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority\n"
                        + "sp-buy,44,UK,UK,*,false,MINUTE,0.05,0.01,60,60,0,0,2025-01-01T00:00:00Z,,0\n"
                        + "sp-buy,33,France,FR,*,false,MINUTE,0.04,0,60,60,0,0,2025-01-01T00:00:00Z,,0\n"
                        + "sp-cheap,44,UK,UK,*,false,MINUTE,0.001,0,60,60,0,0,2025-01-01T00:00:00Z,,0\n");
        gateway.admin("/admin/rate-decks", new JsonObject().put("tables", tables).encode());
        gateway.admin("/admin/tenants", "{\"tenantId\":\"sp-r\",\"name\":\"Reseller\",\"apiKey\":\"sp-r-legacy-key-0001\","
                + "\"maxCalls\":10,\"buyPlanId\":\"sp-buy\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"sp-rc\",\"name\":\"Customer\",\"parentId\":\"sp-r\","
                + "\"apiKey\":\"sp-rc-legacy-key-001\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"sp-x\",\"name\":\"Other\",\"apiKey\":\"sp-x-legacy-key-0001\","
                + "\"buyPlanId\":\"sp-buy\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"sp-n\",\"name\":\"No buy plan\",\"apiKey\":\"sp-n-legacy-key-0001\"}");
        for (String[] account : new String[][] {{"sp-rc", "sp-rc-1"}, {"sp-rc", "sp-rc-2"}, {"sp-x", "sp-x-1"}}) {
            gateway.admin("/admin/accounts", "{\"tenantId\":\"" + account[0] + "\",\"accountId\":\"" + account[1]
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"sp-buy\",\"balance\":\"10.00\"}");
        }
        resellerKey = gateway.principalKey("sp-r-admin", "RESELLER_ADMIN", "sp-r", null);
        otherKey = gateway.principalKey("sp-x-admin", "RESELLER_ADMIN", "sp-x", null);
        noBuyPlanKey = gateway.principalKey("sp-n-admin", "RESELLER_ADMIN", "sp-n", null);
        readOnlyKey = gateway.principalKey("sp-r-noc", "READ_ONLY", "sp-r", null);
        enterpriseKey = gateway.principalKey("sp-rc-admin", "ENTERPRISE_ADMIN", "sp-rc", null);
        endUserKey = gateway.principalKey("sp-rc-user", "END_USER", "sp-rc", "sp-rc-1");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Reply put(String path, String body, String key) {
        return gateway.fromAddress("127.0.0.1", "PUT", path, body, "Authorization: Bearer " + key);
    }

    private static long deckVersion() {
        Reply active = gateway.get("/admin/rate-decks/active", TestGateway.ADMIN_KEY);
        assertEquals(200, active.status(), active.body());
        return active.json().getLong("version");
    }

    private static void refused(int status, String code, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.errorCode(), reply.body());
    }

    /** Authorises and stops a 95 s call to London on the account: its cost as the stop answers it. */
    private static String callCost(String account) {
        String callId = "sp-call-" + CALLS.incrementAndGet();
        Reply authorised = gateway.postFromSwitch("/v1/calls/authorise", "{\"callId\":\"" + callId + "\",\"account\":\""
                + account + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}");
        assertEquals(200, authorised.status(), authorised.body());
        Reply stopped = gateway.postFromSwitch("/v1/calls/stop", "{\"callId\":\"" + callId + "\",\"account\":\""
                + account + "\",\"durationSeconds\":95}");
        assertEquals(200, stopped.status(), stopped.body());
        return stopped.json().getString("cost");
    }

    @Test
    void aResellerMarksUpItsBuyPlanAssignsItAndItsCustomersCallsArePricedByIt() throws InterruptedException {
        Reply created = put("/v1/rate-plans/sp-r:retail", "{\"markups\":[{\"group\":\"UK\",\"percent\":\"20\","
                + "\"fixed\":\"0.002\"},{\"group\":\"*\",\"percent\":\"10\"}]}", resellerKey);
        assertEquals(201, created.status(), created.body());
        assertEquals("sp-buy", created.json().getString("parent"));
        assertFalse(created.json().getBoolean("replaced"));
        long version = created.json().getLong("deckVersion");
        assertEquals(version, deckVersion());

        Reply listed = gateway.get("/v1/rate-plans", resellerKey);
        assertEquals(200, listed.status(), listed.body());
        assertEquals(new JsonObject().put("planId", "sp-buy").put("readOnly", true), listed.json().getJsonObject("buyPlan"));
        JsonObject plan = listed.json().getJsonArray("plans").stream().map(JsonObject.class::cast)
                .filter(p -> p.getString("planId").equals("sp-r:retail")).findFirst().orElseThrow();
        assertEquals("retail", plan.getString("name"));
        assertEquals(new JsonArray().add(new JsonObject().put("group", "UK").put("percent", "20").put("fixed", "0.002"))
                .add(new JsonObject().put("group", "*").put("percent", "10").put("fixed", "0")), plan.getJsonArray("markups"));
        assertEquals(200, gateway.get("/v1/rate-plans", readOnlyKey).status());

        Reply assigned = gateway.post("/v1/accounts/sp-rc-1/rate-plan", "{\"planId\":\"sp-r:retail\"}", resellerKey);
        assertEquals(200, assigned.status(), assigned.body());
        assertEquals("sp-buy", assigned.json().getString("previousRatePlanId"));
        assertEquals("sp-r:retail", gateway.account("sp-rc-1").ratePlanId());
        // London buys at 0.05/min and 0.01 a call, 60/60. UK +20 % and 0.002: 0.062/min and 0.012 a call.
        // 95 s bills 120 s: 0.012 + 0.062 * 2 = 0.136.
        assertEquals("0.136000", callCost("sp-rc-1"));
        assertEquals("0.110000", callCost("sp-rc-2"), "an account on the buy plan: 0.01 + 0.05 * 2");

        Reply replaced = put("/v1/rate-plans/sp-r:retail", "{\"markups\":[{\"group\":\"*\",\"percent\":\"50\"}]}",
                resellerKey);
        assertEquals(200, replaced.status(), replaced.body());
        assertTrue(replaced.json().getBoolean("replaced"));
        // +50 %: 0.075/min and 0.015 a call: 0.015 + 0.15 = 0.165.
        assertEquals("0.165000", callCost("sp-rc-1"));

        String day = LocalDate.now(ZoneOffset.UTC).toString();
        String text = "";
        for (int i = 0; i < 100 && !(text.contains("PUT /v1/rate-plans/{planId}")
                && text.contains("POST /v1/accounts/{account}/rate-plan")); i++) {
            text = gateway.get("/v1/audit?day=" + day, resellerKey).body();
            Thread.sleep(100);
        }
        assertTrue(text.contains("PUT /v1/rate-plans/{planId}") && text.contains("planId=sp-r:retail")
                && text.contains("ratePlanId: sp-buy -> sp-r:retail") && text.contains("UK:20%+0.002"), text);
    }

    @Test
    void anotherTenantsPlansAndAccountsAnswerAsMissingAndChangeNothing() {
        assertEquals(201, put("/v1/rate-plans/sp-x:mine", "{\"markups\":[{\"group\":\"*\",\"percent\":\"5\"}]}", otherKey)
                .status());
        assertEquals(201, put("/v1/rate-plans/sp-r:own", "{\"markups\":[{\"group\":\"*\",\"percent\":\"5\"}]}",
                resellerKey).status());
        long version = deckVersion();
        String body = "{\"markups\":[{\"group\":\"*\",\"percent\":\"1\"}]}";

        refused(404, "RATE_PLAN_UNKNOWN", put("/v1/rate-plans/sp-r:own", body, otherKey));
        refused(404, "RATE_PLAN_UNKNOWN", put("/v1/rate-plans/sp-r:new", body, otherKey));
        refused(404, "RATE_PLAN_UNKNOWN", put("/v1/rate-plans/sp-x:mine", body, resellerKey));
        refused(404, "RATE_PLAN_UNKNOWN", put("/v1/rate-plans/sp-rc:below", body, resellerKey));
        refused(404, "RATE_PLAN_UNKNOWN", put("/v1/rate-plans/sp-cheap", body, resellerKey));
        refused(404, "RATE_PLAN_UNKNOWN", put("/v1/rate-plans/sp-buy", body, resellerKey));
        refused(404, "RATE_PLAN_UNKNOWN", put("/v1/rate-plans/sp-x:mine", "{\"markups\":[]}", resellerKey));
        refused(404, "ACCOUNT_UNKNOWN", gateway.post("/v1/accounts/sp-x-1/rate-plan", "{\"planId\":\"sp-r:own\"}", resellerKey));
        refused(404, "RATE_PLAN_UNKNOWN", gateway.post("/v1/accounts/sp-x-1/rate-plan", "{\"planId\":\"sp-r:own\"}", otherKey));
        refused(404, "RATE_PLAN_UNKNOWN", gateway.post("/v1/accounts/sp-rc-2/rate-plan", "{\"planId\":\"sp-x:mine\"}", resellerKey));
        refused(404, "RATE_PLAN_UNKNOWN", gateway.post("/v1/accounts/sp-rc-2/rate-plan", "{\"planId\":\"sp-cheap\"}", resellerKey));
        refused(404, "RATE_PLAN_UNKNOWN", gateway.post("/v1/accounts/sp-rc-2/rate-plan", "{\"planId\":\"sp-buy\"}", resellerKey));
        refused(404, "RATE_PLAN_UNKNOWN", gateway.post("/admin/accounts", "{\"tenantId\":\"sp-rc\",\"accountId\":"
                + "\"sp-rc-theirs\",\"currency\":\"EUR\",\"ratePlanId\":\"sp-x:mine\"}", resellerKey));
        assertNull(gateway.account("sp-rc-theirs"));
        assertEquals(201, gateway.post("/admin/accounts", "{\"tenantId\":\"sp-rc\",\"accountId\":\"sp-rc-own\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"sp-r:own\"}", resellerKey).status());
        assertEquals("sp-r:own", gateway.account("sp-rc-own").ratePlanId());
        Reply theirs = gateway.get("/v1/rate-plans", otherKey);
        assertFalse(theirs.body().contains("sp-r:"), theirs.body());

        assertEquals(version, deckVersion());
        assertEquals("sp-buy", gateway.account("sp-x-1").ratePlanId());
        assertEquals("sp-buy", gateway.account("sp-rc-2").ratePlanId());
        assertEquals(List.of("*:5"), markupsOf("sp-x", "sp-x:mine"));
    }

    /** A tenant's plan's markups, as the operator lists them: "group:percent". */
    private static List<String> markupsOf(String tenant, String planId) {
        Reply listed = gateway.get("/v1/rate-plans?tenant=" + tenant, TestGateway.ADMIN_KEY);
        assertEquals(200, listed.status(), listed.body());
        return listed.json().getJsonArray("plans").stream().map(JsonObject.class::cast)
                .filter(p -> p.getString("planId").equals(planId))
                .flatMap(p -> p.getJsonArray("markups").stream().map(JsonObject.class::cast))
                .map(m -> m.getString("group") + ":" + m.getString("percent")).toList();
    }

    @Test
    void badBodiesAreRefusedAndChangeNothing() {
        assertEquals(201, put("/v1/rate-plans/sp-r:steady", "{\"markups\":[{\"group\":\"*\",\"percent\":\"7\"}]}",
                resellerKey).status());
        long version = deckVersion();

        refused(422, "NEGATIVE_MARKUP", put("/v1/rate-plans/sp-r:steady", "{\"markups\":[{\"group\":\"*\",\"percent\":\"-1\"}]}", resellerKey));
        refused(422, "NEGATIVE_MARKUP", put("/v1/rate-plans/sp-r:steady", "{\"markups\":[{\"group\":\"UK\",\"percent\":\"5\"},"
                + "{\"group\":\"*\",\"fixed\":\"-0.001\"}]}", resellerKey));
        refused(422, "MARKUP_REJECTED", put("/v1/rate-plans/sp-r:steady", "{\"markups\":[{\"group\":\"*\",\"percent\":\"1\"},"
                + "{\"group\":\"*\",\"percent\":\"2\"}]}", resellerKey));
        refused(400, "INVALID_REQUEST", put("/v1/rate-plans/sp-r:steady", "{\"markups\":[]}", resellerKey));
        refused(400, "INVALID_REQUEST", put("/v1/rate-plans/sp-r:steady", "{\"markups\":[{\"group\":\"*\",\"percent\":\"ten\"}]}", resellerKey));
        refused(400, "INVALID_REQUEST", put("/v1/rate-plans/sp-r:steady", "{\"markups\":[{\"percent\":\"1\"}]}", resellerKey));
        refused(400, "INVALID_REQUEST", put("/v1/rate-plans/sp-r:steady", "{\"markups\":[{\"group\":\"*\",\"percent\":\"1.00001\"}]}", resellerKey));
        refused(400, "MALFORMED_JSON", put("/v1/rate-plans/sp-r:steady", "[1,2]", resellerKey));
        refused(400, "INVALID_REQUEST", put("/v1/rate-plans/sp-r:bad+name", "{\"markups\":[{\"group\":\"*\"}]}", resellerKey));
        refused(400, "INVALID_REQUEST", gateway.post("/v1/accounts/sp-rc-2/rate-plan", "{\"plan\":\"sp-r:steady\"}", resellerKey));
        refused(409, "NO_BUY_PLAN", put("/v1/rate-plans/sp-n:retail", "{\"markups\":[{\"group\":\"*\",\"percent\":\"1\"}]}", noBuyPlanKey));

        assertEquals(version, deckVersion());
        assertEquals(List.of("*:7"), markupsOf("sp-r", "sp-r:steady"));
        assertEquals(List.of(), markupsOf("sp-n", "sp-n:retail"));
        assertEquals("sp-buy", gateway.account("sp-rc-2").ratePlanId());
    }

    @Test
    void onlyAResellerAdminOrTheOperatorWrites() {
        long version = deckVersion();
        String body = "{\"markups\":[{\"group\":\"*\",\"percent\":\"3\"}]}";
        for (String key : List.of(readOnlyKey, enterpriseKey, endUserKey)) {
            refused(403, "FORBIDDEN", put("/v1/rate-plans/sp-r:roles", body, key));
            refused(403, "FORBIDDEN", gateway.post("/v1/accounts/sp-rc-1/rate-plan", "{\"planId\":\"sp-r:retail\"}", key));
        }
        refused(403, "FORBIDDEN", gateway.get("/v1/rate-plans", enterpriseKey));
        refused(403, "FORBIDDEN", gateway.get("/v1/rate-plans", endUserKey));
        refused(401, "UNAUTHENTICATED", put("/v1/rate-plans/sp-r:roles", body, "tgk_not-a-key-at-all-0000000"));
        assertEquals(version, deckVersion());
        assertEquals(List.of(), markupsOf("sp-r", "sp-r:roles"));

        // The operator writes on a tenant's behalf: the plan still marks up that tenant's buy plan.
        Reply operator = put("/v1/rate-plans/sp-r:roles", body, TestGateway.ADMIN_KEY);
        assertEquals(201, operator.status(), operator.body());
        assertEquals("sp-buy", operator.json().getString("parent"));
        assertEquals(List.of("*:3"), markupsOf("sp-r", "sp-r:roles"));
        refused(404, "RATE_PLAN_UNKNOWN", put("/v1/rate-plans/no-such-tenant:x", body, TestGateway.ADMIN_KEY));
        refused(400, "INVALID_REQUEST", gateway.get("/v1/rate-plans", TestGateway.ADMIN_KEY));
        refused(404, "TENANT_UNKNOWN", gateway.get("/v1/rate-plans?tenant=no-such-tenant", TestGateway.ADMIN_KEY));
    }

    @Test
    void limitsAboveTheResellersOwnAndItsBuyPlanAreRefused() {
        refused(403, "LIMIT_ABOVE_OWN", gateway.post("/admin/accounts", "{\"tenantId\":\"sp-rc\",\"accountId\":\"sp-rc-big\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"sp-buy\",\"limits\":{\"maxCalls\":11}}", resellerKey));
        refused(403, "LIMIT_ABOVE_OWN", gateway.post("/admin/accounts", "{\"tenantId\":\"sp-rc\",\"accountId\":\"sp-rc-big\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"sp-buy\",\"limits\":{\"maxOutbound\":50}}", resellerKey));
        refused(403, "LIMIT_ABOVE_OWN", gateway.post("/admin/tenants", "{\"tenantId\":\"sp-rc2\",\"name\":\"Big\","
                + "\"parentId\":\"sp-r\",\"apiKey\":\"sp-rc2-legacy-key-01\",\"maxCalls\":11}", resellerKey));
        refused(403, "OPERATOR_ONLY", gateway.post("/admin/accounts", "{\"tenantId\":\"sp-rc\",\"accountId\":\"sp-rc-owes\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"sp-buy\",\"creditLimit\":\"5.00\"}", resellerKey));
        refused(403, "OPERATOR_ONLY", gateway.post("/admin/tenants", "{\"tenantId\":\"sp-rc\",\"name\":\"Customer\","
                + "\"parentId\":\"sp-r\",\"apiKey\":\"sp-rc-legacy-key-001\",\"maxCalls\":5,\"buyPlanId\":\"sp-cheap\"}",
                resellerKey));
        assertNull(gateway.account("sp-rc-big"));
        assertNull(gateway.account("sp-rc-owes"));

        Reply within = gateway.post("/admin/accounts", "{\"tenantId\":\"sp-rc\",\"accountId\":\"sp-rc-small\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"sp-buy\",\"limits\":{\"maxCalls\":10,\"maxInbound\":2}}", resellerKey);
        assertEquals(201, within.status(), within.body());
        assertEquals(10, gateway.account("sp-rc-small").limits().maxCalls());
    }
}
