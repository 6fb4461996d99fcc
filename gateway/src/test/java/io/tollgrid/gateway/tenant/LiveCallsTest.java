package io.tollgrid.gateway.tenant;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /v1/accounts/{account}/calls/live over HTTP: the calls a switch has authorised and not stopped, for every
 * principal that reaches the account, and for no one else (404 ACCOUNT_UNKNOWN, as for a missing account). GET
 * /v1/live-calls: the calling tenant's own accounts' calls, never its customers' or another tenant's. Tenants:
 * reseller lc-r (own accounts lc-r-1, lc-r-2) with customer lc-c below it; lc-x another reseller.
 */
@ExtendWith(CassandraExtension.class)
class LiveCallsTest {
    private static TestGateway gateway;
    private static String resellerKey;
    private static String enterpriseKey;
    private static String endUserKey;
    private static String otherResellerKey;
    private static String resellerNocKey;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("live-calls-test", cassandra);
        gateway.admin("/admin/tenants", "{\"tenantId\":\"lc-r\",\"name\":\"Reseller\",\"apiKey\":\"lc-reseller-legacy-key\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"lc-c\",\"name\":\"Customer\",\"parentId\":\"lc-r\",\"apiKey\":\"lc-customer-legacy-key\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"lc-x\",\"name\":\"Other\",\"apiKey\":\"lc-other-legacy-key-01\"}");
        // 0.01 a second and a connect fee: the cost so far is easy to check against the running time.
        gateway.admin("/admin/rate-plans", "{\"planId\":\"lc-plan\",\"pricePerMinute\":\"0.60\",\"connectFee\":\"0.10\","
                + "\"initialIncrementSeconds\":1,\"nextIncrementSeconds\":1}");
        for (String[] account : new String[][] {{"lc-c", "lc-c-1"}, {"lc-c", "lc-c-2"}, {"lc-x", "lc-x-1"},
                {"lc-r", "lc-r-1"}, {"lc-r", "lc-r-2"}}) {
            gateway.admin("/admin/accounts", "{\"tenantId\":\"" + account[0] + "\",\"accountId\":\"" + account[1]
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"lc-plan\",\"balance\":\"50.00\",\"reservation\":\"INCREMENTAL\"}");
        }
        resellerKey = gateway.principalKey("lc-r-admin", "RESELLER_ADMIN", "lc-r", null);
        enterpriseKey = gateway.principalKey("lc-c-admin", "ENTERPRISE_ADMIN", "lc-c", null);
        endUserKey = gateway.principalKey("lc-c-user", "END_USER", "lc-c", "lc-c-1");
        otherResellerKey = gateway.principalKey("lc-x-admin", "RESELLER_ADMIN", "lc-x", null);
        resellerNocKey = gateway.principalKey("lc-r-noc", "READ_ONLY", "lc-r", null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static void call(String callId, String account, boolean answer) {
        Reply authorised = gateway.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\",\"callee\":\"447700900111\"}");
        assertEquals(200, authorised.status(), authorised.body());
        assertEquals("ALLOW", authorised.json().getString("decision"), authorised.body());
        if (answer) {
            Reply started = gateway.postFromSwitch("/v1/calls/start", "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\"}");
            assertEquals(200, started.status(), started.body());
        }
    }

    private static void hangUp(String callId, String account) {
        Reply stopped = gateway.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\",\"durationSeconds\":1}");
        assertEquals(200, stopped.status(), stopped.body());
    }

    private static Map<String, JsonObject> liveCalls(String account, String key) {
        Reply reply = gateway.get("/v1/accounts/" + account + "/calls/live", key);
        assertEquals(200, reply.status(), reply.body());
        JsonObject body = reply.json();
        assertEquals(account, body.getString("account"));
        assertEquals("EUR", body.getString("currency"));
        assertFalse(body.getBoolean("limited"));
        assertEquals(body.getInteger("count"), body.getJsonArray("calls").size());
        return body.getJsonArray("calls").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(call -> call.getString("callId"), call -> call));
    }

    @Test
    void callsInProgressAreListedForEveryoneWhoReachesTheAccountUntilTheyStop() {
        call("lc-answered", "lc-c-1", true);
        call("lc-ringing", "lc-c-1", false);
        call("lc-elsewhere", "lc-c-2", true);

        for (String key : new String[] {resellerKey, enterpriseKey, endUserKey}) {
            Map<String, JsonObject> calls = liveCalls("lc-c-1", key);
            assertEquals(Map.of("lc-answered", true, "lc-ringing", false), calls.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getBoolean("answered"))));
            JsonObject answered = calls.get("lc-answered");
            assertEquals("447700900111", answered.getString("callee"));
            assertTrue(answered.getString("answeredAt").compareTo(answered.getString("authorisedAt")) >= 0, answered.encode());
            long running = answered.getLong("runningSeconds");
            assertEquals(Money.ofMicros(100_000 + running * 10_000).toPlainString(), answered.getString("costSoFar"),
                    "connect fee plus 0.01 a second: " + answered.encode());
            JsonObject ringing = calls.get("lc-ringing");
            assertNull(ringing.getString("answeredAt"));
            assertEquals(0, ringing.getLong("runningSeconds"));
            assertEquals("0.000000", ringing.getString("costSoFar"));
        }
        assertEquals(Set.of("lc-elsewhere"), liveCalls("lc-c-2", resellerKey).keySet());

        hangUp("lc-answered", "lc-c-1");
        hangUp("lc-ringing", "lc-c-1");
        hangUp("lc-elsewhere", "lc-c-2");
        assertTrue(liveCalls("lc-c-1", enterpriseKey).isEmpty());
        assertTrue(liveCalls("lc-c-2", enterpriseKey).isEmpty());
    }

    @Test
    void noOneOutsideTheAccountsReachSeesItsCallsAndLookingChangesNothing() {
        call("lc-secret", "lc-c-1", true);
        long reservedBefore = gateway.account("lc-c-1").reservedMicros();
        long balanceBefore = gateway.account("lc-c-1").balanceMicros();

        for (Reply reply : new Reply[] {
                gateway.get("/v1/accounts/lc-c-1/calls/live", otherResellerKey),
                gateway.get("/v1/accounts/lc-c-1/calls/live", "lc-other-legacy-key-01"),
                gateway.get("/v1/accounts/lc-x-1/calls/live", enterpriseKey),
                gateway.get("/v1/accounts/lc-c-2/calls/live", endUserKey),
                gateway.get("/v1/accounts/lc-nowhere/calls/live", resellerKey)}) {
            assertEquals(404, reply.status(), reply.body());
            assertEquals("ACCOUNT_UNKNOWN", reply.errorCode());
            assertFalse(reply.body().contains("lc-secret"));
        }
        Reply anonymous = gateway.get("/v1/accounts/lc-c-1/calls/live", null);
        assertEquals(401, anonymous.status(), anonymous.body());
        // The tenant API is for principals of a tenant; the operator's key is not one.
        Reply operatorOnTenantApi = gateway.get("/v1/accounts/lc-c-1/calls/live", TestGateway.ADMIN_KEY);
        assertEquals(401, operatorOnTenantApi.status(), operatorOnTenantApi.body());

        assertEquals(reservedBefore, gateway.account("lc-c-1").reservedMicros());
        assertEquals(balanceBefore, gateway.account("lc-c-1").balanceMicros());
        assertEquals(Set.of("lc-secret"), liveCalls("lc-c-1", resellerKey).keySet());
        hangUp("lc-secret", "lc-c-1");
    }

    /** GET /v1/live-calls as the key's tenant: its calls by id, checking the answer's shape on the way. */
    private static List<JsonObject> tenantLiveCalls(String key, String query, String tenant, boolean limited) {
        Reply reply = gateway.get("/v1/live-calls" + query, key);
        assertEquals(200, reply.status(), reply.body());
        JsonObject body = reply.json();
        assertEquals(tenant, body.getString("tenant"), reply.body());
        assertEquals(limited, body.getBoolean("limited"), reply.body());
        assertEquals(body.getInteger("count"), body.getJsonArray("calls").size());
        return body.getJsonArray("calls").stream().map(JsonObject.class::cast).toList();
    }

    private static List<String> ids(List<JsonObject> calls) {
        return calls.stream().map(call -> call.getString("account") + "/" + call.getString("callId")).toList();
    }

    @Test
    void theTenantWideViewShowsTheTenantsOwnAccountsCallsOnlyUntilTheyStop() {
        String[][] calls = {{"lc-tw-b", "lc-r-1", "ringing"}, {"lc-tw-a", "lc-r-1", "answered"},
                {"lc-tw-c", "lc-r-2", "answered"}, {"lc-tw-customer", "lc-c-2", "answered"},
                {"lc-tw-other", "lc-x-1", "answered"}};
        try {
            for (String[] call : calls) {
                call(call[0], call[1], call[2].equals("answered"));
            }
            // By account, then call id; the customer's call below lc-r is lc-c's to see, not lc-r's.
            for (String key : new String[] {resellerKey, resellerNocKey}) {
                List<JsonObject> seen = tenantLiveCalls(key, "", "lc-r", false);
                assertEquals(List.of("lc-r-1/lc-tw-a", "lc-r-1/lc-tw-b", "lc-r-2/lc-tw-c"), ids(seen));
                JsonObject answered = seen.get(0);
                assertEquals("EUR", answered.getString("currency"));
                assertEquals("447700900111", answered.getString("callee"));
                assertTrue(answered.getBoolean("answered"), answered.encode());
                assertEquals(Money.ofMicros(100_000 + answered.getLong("runningSeconds") * 10_000).toPlainString(),
                        answered.getString("costSoFar"), "connect fee plus 0.01 a second: " + answered.encode());
                JsonObject ringing = seen.get(1);
                assertFalse(ringing.getBoolean("answered"));
                assertNull(ringing.getString("answeredAt"));
                assertEquals("0.000000", ringing.getString("costSoFar"));
            }
            assertEquals(List.of("lc-c-2/lc-tw-customer"), ids(tenantLiveCalls(enterpriseKey, "", "lc-c", false)));
            Reply other = gateway.get("/v1/live-calls", otherResellerKey);
            assertEquals(200, other.status(), other.body());
            assertEquals(List.of("lc-x-1/lc-tw-other"), ids(tenantLiveCalls(otherResellerKey, "", "lc-x", false)));
            assertFalse(other.body().contains("lc-r-") || other.body().contains("lc-c-"), other.body());

            hangUp("lc-tw-a", "lc-r-1");
            assertEquals(List.of("lc-r-1/lc-tw-b", "lc-r-2/lc-tw-c"), ids(tenantLiveCalls(resellerKey, "", "lc-r", false)));
        } finally {
            for (String[] call : calls) {
                gateway.postFromSwitch("/v1/calls/stop", "{\"callId\":\"" + call[0] + "\",\"account\":\"" + call[1]
                        + "\",\"durationSeconds\":1}");
            }
        }
        assertEquals(List.of(), tenantLiveCalls(resellerKey, "", "lc-r", false));
        assertEquals(List.of(), tenantLiveCalls(enterpriseKey, "", "lc-c", false));
    }

    @Test
    void theTenantWideViewIsBoundedAndSaysWhenItLeftCallsOut() {
        // Calls of the customer below (sorting before lc-r's accounts) and of another tenant count towards neither
        // the limit nor limited: they are filtered out where the markers are, not after the first calls are kept.
        String[][] calls = {{"lc-bound-1", "lc-r-1"}, {"lc-bound-2", "lc-r-1"}, {"lc-bound-3", "lc-r-2"},
                {"lc-bound-customer", "lc-c-2"}, {"lc-bound-other", "lc-x-1"}};
        try {
            for (String[] call : calls) {
                call(call[0], call[1], true);
            }
            assertEquals(List.of("lc-r-1/lc-bound-1", "lc-r-1/lc-bound-2"),
                    ids(tenantLiveCalls(resellerKey, "?limit=2", "lc-r", true)));
            assertEquals(List.of("lc-r-1/lc-bound-1", "lc-r-1/lc-bound-2", "lc-r-2/lc-bound-3"),
                    ids(tenantLiveCalls(resellerKey, "?limit=3", "lc-r", false)));
            for (String limit : new String[] {"0", "201", "many"}) {
                Reply refused = gateway.get("/v1/live-calls?limit=" + limit, resellerKey);
                assertEquals(400, refused.status(), refused.body());
                assertEquals("INVALID_REQUEST", refused.errorCode(), refused.body());
            }
        } finally {
            for (String[] call : calls) {
                gateway.postFromSwitch("/v1/calls/stop", "{\"callId\":\"" + call[0] + "\",\"account\":\"" + call[1]
                        + "\",\"durationSeconds\":1}");
            }
        }
    }

    @Test
    void theTenantWideViewIsRefusedToEndUsersAndToCallersOutsideTheTenantApi() {
        call("lc-end-user-call", "lc-c-1", true);
        try {
            // An end user is bound to one account: it reads that account's calls, not its tenant's.
            Reply endUser = gateway.get("/v1/live-calls", endUserKey);
            assertEquals(403, endUser.status(), endUser.body());
            assertEquals("FORBIDDEN", endUser.errorCode());
            assertEquals(Set.of("lc-end-user-call"), liveCalls("lc-c-1", endUserKey).keySet());
            assertEquals(401, gateway.get("/v1/live-calls", null).status());
            assertEquals(401, gateway.get("/v1/live-calls", TestGateway.ADMIN_KEY).status());
        } finally {
            hangUp("lc-end-user-call", "lc-c-1");
        }
    }
}
