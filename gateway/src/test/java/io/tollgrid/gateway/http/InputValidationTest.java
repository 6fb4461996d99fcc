package io.tollgrid.gateway.http;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers are dialled digits, ids and names have a bounded length and a sane alphabet; anything else is 400
 * INVALID_REQUEST, checked against the OpenAPI document before any handler runs, and changes nothing.
 */
@ExtendWith(CassandraExtension.class)
class InputValidationTest {
    private static final String TENANT_KEY = "input-tenant-key-000001";
    private static TestGateway gateway;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("input-test", cassandra);
        gateway.admin("/admin/tenants", "{\"tenantId\":\"in-t\",\"name\":\"Input tenant\",\"apiKey\":\"" + TENANT_KEY + "\"}");
        gateway.admin("/admin/rate-plans", "{\"planId\":\"in-flat\",\"pricePerMinute\":\"0.03\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"in-t\",\"accountId\":\"in-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"in-flat\",\"balance\":\"5.00\"}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String authorise(String callId, String caller, String callee) {
        JsonObject body = new JsonObject().put("callId", callId).put("account", "in-1").put("callee", callee);
        if (caller != null) {
            body.put("caller", caller);
        }
        return body.encode();
    }

    private static void assertInvalid(Reply reply, String what) {
        assertEquals(400, reply.status(), what + " -> " + reply.body());
        assertEquals("INVALID_REQUEST", reply.errorCode(), what + " -> " + reply.body());
    }

    private static void assertUntouched() {
        assertEquals(5_000_000, gateway.account("in-1").balanceMicros());
        assertEquals(0, gateway.account("in-1").reservedMicros());
        assertEquals(0, gateway.account("in-1").activeCalls());
    }

    @Test
    void aCalleeOrCallerThatIsNotDialledDigitsIsRefusedAndReservesNothing() {
        List<String> bad = List.of("abc;drop", "", "+", "++44", "44+1", "44 20", "44\u0000", "4420\n", "<sip:44@x>",
                "44207123456a", "4420\r\n", "4420\u2028", "1".repeat(33), "+" + "1".repeat(33), "٤٤٢٠", "'; DROP TABLE cdrs; --");
        int i = 0;
        for (String number : bad) {
            String callId = "bad-callee-" + i++;
            assertInvalid(gateway.postFromSwitch("/v1/calls/authorise", authorise(callId, null, number)), "callee " + number);
            assertNull(gateway.server().cache(Caches.SESSIONS).get(new SessionKey("in-1", callId)), number);
            String callerId = "bad-caller-" + i++;
            assertInvalid(gateway.postFromSwitch("/v1/calls/authorise", authorise(callerId, number, "442071234567")),
                    "caller " + number);
            assertNull(gateway.server().cache(Caches.SESSIONS).get(new SessionKey("in-1", callerId)), number);
        }
        assertUntouched();
    }

    @Test
    void dialledDigitsWithAPlusStarOrHashAreAuthorised() {
        for (String number : List.of("+442071234567", "*100#", "#31#442071234567", "1".repeat(32), "+" + "1".repeat(32))) {
            String callId = "good-" + Math.abs(number.hashCode());
            Reply reply = gateway.postFromSwitch("/v1/calls/authorise", authorise(callId, "+35929000001", number));
            assertEquals(200, reply.status(), number + " -> " + reply.body());
            assertEquals("ALLOW", reply.json().getString("decision"), reply.body());
            Reply stopped = gateway.postFromSwitch("/v1/calls/stop",
                    "{\"callId\":\"" + callId + "\",\"account\":\"in-1\",\"durationSeconds\":0}");
            assertEquals(200, stopped.status(), stopped.body());
        }
        assertEquals(0, gateway.account("in-1").reservedMicros());
    }

    @Test
    void callIdsAndPayerHintsOutsideTheirAlphabetAreRefused() {
        List<String> bodies = List.of(
                "{\"callId\":\"has space\",\"account\":\"in-1\",\"callee\":\"44\"}",
                "{\"callId\":\"ctl\\u0007\",\"account\":\"in-1\",\"callee\":\"44\"}",
                "{\"callId\":\"" + "c".repeat(257) + "\",\"account\":\"in-1\",\"callee\":\"44\"}",
                "{\"callId\":\"acc\",\"account\":\"in-1;x\",\"callee\":\"44\"}",
                "{\"callId\":\"acc\",\"account\":\"" + "a".repeat(129) + "\",\"callee\":\"44\"}",
                "{\"callId\":\"pin\",\"pin\":\"12 34\",\"callee\":\"44\"}",
                "{\"callId\":\"sip\",\"sipUser\":\"alice\\nbob\",\"callee\":\"44\"}",
                "{\"callId\":\"sip\",\"sipUser\":\"alice\\n\",\"callee\":\"44\"}",
                "{\"callId\":\"nl\\n\",\"account\":\"in-1\",\"callee\":\"44\"}",
                "{\"callId\":\"nl\",\"account\":\"in-1\\n\",\"callee\":\"44\"}",
                "{\"callId\":\"ip\",\"sourceIp\":\"evil.example.com\",\"callee\":\"44\"}",
                "{\"callId\":\"ext\",\"extension\":\"" + "1".repeat(129) + "\",\"callee\":\"44\"}");
        for (String body : bodies) {
            assertInvalid(gateway.postFromSwitch("/v1/calls/authorise", body), body);
        }
        assertInvalid(gateway.postFromSwitch("/v1/calls/start", "{\"callId\":\"a b\",\"account\":\"in-1\"}"), "start");
        assertInvalid(gateway.postFromSwitch("/v1/calls/interim",
                "{\"callId\":\"x\",\"account\":\"in 1\",\"sequence\":1}"), "interim");
        assertInvalid(gateway.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"x\\ty\",\"account\":\"in-1\",\"durationSeconds\":1}"), "stop");
        assertInvalid(gateway.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"x\",\"account\":\"in-1\",\"durationSeconds\":1,\"reason\":\"bye; rm -rf\"}"), "stop reason");
        assertUntouched();
    }

    @Test
    void adminWritesWithBadIdsNamesOrTextCreateNothing() {
        String key = "\"apiKey\":\"input-other-key-0000001\"";
        List<String[]> writes = List.of(
                new String[] {"/admin/tenants", "{\"tenantId\":\"bad tenant\",\"name\":\"x\"," + key + "}"},
                new String[] {"/admin/tenants", "{\"tenantId\":\"bad-name\",\"name\":\"line\\nbreak\"," + key + "}"},
                new String[] {"/admin/tenants", "{\"tenantId\":\"bad-name2\",\"name\":\"" + "n".repeat(257) + "\"," + key + "}"},
                new String[] {"/admin/tenants", "{\"tenantId\":\"bad-key\",\"name\":\"x\",\"apiKey\":\"has spaces in the key 01\"}"},
                new String[] {"/admin/tenants", "{\"tenantId\":\"-leading-dash\",\"name\":\"x\"," + key + "}"},
                new String[] {"/admin/accounts", "{\"tenantId\":\"in-t\",\"accountId\":\"in/2\",\"currency\":\"EUR\",\"ratePlanId\":\"in-flat\"}"},
                new String[] {"/admin/accounts", "{\"tenantId\":\"in-t\",\"accountId\":\"in-3\",\"currency\":\"eur\",\"ratePlanId\":\"in-flat\"}"},
                new String[] {"/admin/accounts", "{\"tenantId\":\"in-t\",\"accountId\":\"in-4\",\"currency\":\"EUR\",\"ratePlanId\":\"in-flat\",\"balance\":\"1e9\"}"},
                new String[] {"/admin/rate-plans", "{\"planId\":\"plan<script>\",\"pricePerMinute\":\"0.01\"}"},
                new String[] {"/admin/identities", "{\"kind\":\"PIN\",\"value\":\"12 34\",\"accountId\":\"in-1\"}"},
                new String[] {"/admin/switches", "{\"tenantId\":\"in-t\",\"sourceIp\":\"10.0.0.1; drop\"}"},
                new String[] {"/admin/accounts/in-1/transfers", "{\"transferId\":\"t 1\",\"kind\":\"TOPUP\",\"amount\":\"1.00\"}"},
                new String[] {"/admin/accounts/in-1/transfers", "{\"transferId\":\"t2\",\"kind\":\"TOPUP\",\"amount\":\"1.00\",\"note\":\"a\\u0000b\"}"});
        for (String[] write : writes) {
            assertInvalid(gateway.post(write[0], write[1], TestGateway.ADMIN_KEY), write[0] + " " + write[1]);
        }
        for (String tenant : List.of("bad tenant", "bad-name", "bad-name2", "bad-key", "-leading-dash")) {
            assertNull(gateway.server().cache(Caches.TENANTS).get(tenant), tenant);
        }
        for (String account : List.of("in/2", "in-3", "in-4")) {
            assertNull(gateway.account(account), account);
        }
        assertNull(gateway.server().cache(Caches.RATE_PLANS).get("plan<script>"));
        assertUntouched();
    }

    @Test
    void aTenantPathWithABadAccountIdIsRefused() {
        Reply semicolon = gateway.get("/v1/accounts/in-1%3Bx/balance", TENANT_KEY);
        Reply longId = gateway.get("/v1/accounts/" + "a".repeat(129) + "/balance", TENANT_KEY);
        assertInvalid(semicolon, "semicolon");
        assertInvalid(longId, "long");
        // A query the OpenAPI library cannot URL-decode (found by GatewayFuzzTest: it answered 500).
        assertInvalid(gateway.get("/v1/accounts/in-1/cdrs/export?from=2026-12-01&to=yt%25%25F6u", TENANT_KEY), "undecodable query");
        assertEquals(200, gateway.get("/v1/accounts/in-1/balance", TENANT_KEY).status());
    }

    /** Every path outside the API counts under one label, so no client can grow the metrics. */
    @Test
    void unknownPathsShareOneMetricLabel() {
        gateway.get("/v1/accounts/in-1/balance", TENANT_KEY);
        gateway.get("/v1/warm-up-unknown", null);
        gateway.get("/metrics", null);
        int before = requestSeries(gateway.get("/metrics", null).body());
        java.util.Random random = new java.util.Random();
        // Each area with its own credentials, so every request passes authentication and meets no route.
        for (int i = 0; i < 50; i++) {
            int n = random.nextInt(1_000_000);
            Reply reply = switch (i % 5) {
                case 0 -> gateway.get("/v1/rand" + n, null);
                case 1 -> gateway.get("/v1/accounts/in-1/rand" + n, TENANT_KEY);
                case 2 -> gateway.post("/admin/rand" + n, "{}", TestGateway.ADMIN_KEY);
                case 3 -> gateway.get("/rand" + n + "/x/y", null);
                default -> gateway.postFromSwitch("/v1/calls/rand" + n, "{}");
            };
            assertEquals(404, reply.status(), reply.body());
        }
        String metrics = gateway.get("/metrics", null).body();
        int after = requestSeries(metrics);
        assertTrue(after <= before + 1, "series grew from " + before + " to " + after + ":\n" + metrics);
        assertFalse(metrics.contains("rand"), metrics);
        assertTrue(metrics.contains("tollgrid_gateway_requests_total{endpoint=\"unmatched\""), metrics);
        assertTrue(metrics.contains("tollgrid_gateway_requests_total{endpoint=\"/v1/accounts/{account}/balance\",status=\"200\",}"),
                metrics);
    }

    private static int requestSeries(String metrics) {
        Matcher series = Pattern.compile("(?m)^tollgrid_gateway_requests_total\\{").matcher(metrics);
        int count = 0;
        while (series.find()) {
            count++;
        }
        return count;
    }
}
