package io.tollgrid.ops.e2e;

import io.tollgrid.gateway.Gateway;
import io.tollgrid.gateway.GatewaySettings;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.ingest.Ingest;
import io.tollgrid.ingest.IngestSettings;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.localcluster.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path over HTTP, as a switch and a tenant use it: a grid server, the gateway and ingest
 * in this JVM, Cassandra forked. Every assertion reads state back through the public API.
 */
@ExtendWith(CassandraExtension.class)
class StackEndToEndTest {
    private static final String ADMIN_KEY = "e2e-admin-key-0123456789";
    private static final String TENANT_A_KEY = "tenant-a-key-0123456789";
    private static final String TENANT_B_KEY = "tenant-b-key-0123456789";
    private static final AtomicInteger IDS = new AtomicInteger();

    private static Ignite server;
    private static Gateway gateway;
    private static Ingest ingest;
    private static Http http;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        GridSettings grid = TestGrids.settings("e2e-server");
        server = GridNodes.startServer(grid);
        CassandraConnection connection = CassandraConnection.parse(cassandra.spec());
        gateway = Gateway.start(new GatewaySettings(0, 16 * 1024, Duration.ofSeconds(5), ADMIN_KEY,
                grid.withInstanceName("e2e-gateway"), connection, "e2e", 1));
        ingest = Ingest.start(new IngestSettings(FreePorts.nextRange(3), "e2e-ingest", grid.withInstanceName("e2e-ingest"),
                connection, "e2e", 1));
        http = new Http("http://127.0.0.1:" + gateway.port());
        admin("/admin/tenants", "{\"tenantId\":\"tenant-a\",\"name\":\"A\",\"apiKey\":\"" + TENANT_A_KEY + "\"}");
        admin("/admin/tenants", "{\"tenantId\":\"tenant-b\",\"name\":\"B\",\"apiKey\":\"" + TENANT_B_KEY + "\"}");
        // 0.03/min, 30/6 increments, 0.01 connect fee.
        admin("/admin/rate-plans", "{\"planId\":\"flat\",\"pricePerMinute\":\"0.03\",\"connectFee\":\"0.01\","
                + "\"initialIncrementSeconds\":30,\"nextIncrementSeconds\":6}");
    }

    @AfterAll
    static void stop() {
        ingest.close();
        gateway.close();
        server.close();
    }

    private static void admin(String path, String body) {
        Http.Reply reply = http.post(path, body, ADMIN_KEY);
        assertEquals(201, reply.status(), reply.body());
    }

    private static String newAccount(String tenant, String balance) {
        String id = "e2e-" + IDS.incrementAndGet();
        admin("/admin/accounts", "{\"tenantId\":\"" + tenant + "\",\"accountId\":\"" + id
                + "\",\"currency\":\"EUR\",\"ratePlanId\":\"flat\",\"balance\":\"" + balance + "\"}");
        return id;
    }

    private static JsonObject balance(String account, String key) {
        Http.Reply reply = http.get("/v1/accounts/" + account + "/balance", key);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static Http.Reply cdrs(String account, String key) {
        Instant now = Instant.now();
        return http.get("/v1/accounts/" + account + "/cdrs?from=" + now.minus(Duration.ofDays(1)) + "&to="
                + now.plus(Duration.ofDays(1)), key);
    }

    private static JsonArray awaitCdrs(String account, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonArray rows = cdrs(account, TENANT_A_KEY).json().getJsonArray("cdrs");
            if (rows.size() >= count || System.nanoTime() > deadline) {
                return rows;
            }
            Thread.sleep(200);
        }
    }

    private static String call(String callId, String account) {
        return "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}";
    }

    private static String stop(String callId, String account, long duration) {
        return "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\",\"durationSeconds\":" + duration + "}";
    }

    @Test
    void authoriseStartStopLeavesOneCdrAndMovesTheBalanceByExactlyTheCost() throws Exception {
        String account = newAccount("tenant-a", "5.00");

        Http.Reply authorised = http.post("/v1/calls/authorise", call("call-1", account));
        assertEquals(200, authorised.status(), authorised.body());
        assertEquals("ALLOW", authorised.json().getString("decision"));
        // (5.00 - 0.01) / 0.0005 per second = 9980 s; the last 30/6 boundary below it is 30 + 6 x 1658 = 9978 s,
        // which reserves 0.01 + 9978 x 0.0005 = 4.999.
        assertEquals(9978, authorised.json().getLong("maxDurationSeconds"));
        assertEquals("4.999000", balance(account, TENANT_A_KEY).getString("reserved"));

        assertEquals(200, http.post("/v1/calls/start", "{\"callId\":\"call-1\",\"account\":\"" + account + "\"}").status());
        Http.Reply stopped = http.post("/v1/calls/stop", stop("call-1", account, 95));
        assertEquals(200, stopped.status(), stopped.body());

        // 95 s -> 30 + 11 x 6 = 96 billed seconds; 0.01 + 96 x 0.03 / 60 = 0.058.
        assertEquals(96, stopped.json().getLong("billedSeconds"));
        assertEquals("0.058000", stopped.json().getString("cost"));
        JsonObject after = balance(account, TENANT_A_KEY);
        assertEquals("4.942000", after.getString("balance"));
        assertEquals("0.000000", after.getString("reserved"));

        JsonArray rows = awaitCdrs(account, 1);
        assertEquals(1, rows.size(), rows.encode());
        JsonObject cdr = rows.getJsonObject(0);
        assertEquals("call-1", cdr.getString("callId"));
        assertEquals("0.058000", cdr.getString("cost"));
        assertEquals(95, cdr.getLong("durationSeconds"));
        assertEquals("ANSWERED", cdr.getString("disposition"));
        assertEquals("EUR", cdr.getString("currency"));
    }

    @Test
    void aCallAnExtensionMadeIsHerCdrAndHerRowOfTheUsageReport() throws Exception {
        String account = newAccount("tenant-a", "5.00");
        String extension = "7" + IDS.incrementAndGet();
        Http.Reply badDepartment = http.post("/admin/accounts/" + account + "/subscribers", "{\"subscriberId\":\""
                + extension + "\",\"department\":\"; drop\"}", ADMIN_KEY);
        assertEquals(400, badDepartment.status(), badDepartment.body());
        admin("/admin/accounts/" + account + "/subscribers", "{\"subscriberId\":\"" + extension
                + "\",\"department\":\"Sales\"}");
        admin("/admin/identities", "{\"kind\":\"EXTENSION\",\"value\":\"" + extension + "\",\"accountId\":\""
                + account + "\",\"subscriberId\":\"" + extension + "\"}");

        Http.Reply authorised = http.post("/v1/calls/authorise", "{\"callId\":\"ext-1\",\"extension\":\"" + extension
                + "\",\"caller\":\"" + extension + "\",\"callee\":\"442071234567\"}");
        assertEquals(account, authorised.json().getString("account"), authorised.body());
        assertEquals(200, http.post("/v1/calls/start", "{\"callId\":\"ext-1\",\"account\":\"" + account + "\"}").status());
        assertEquals(200, http.post("/v1/calls/stop", stop("ext-1", account, 95)).status());

        JsonObject cdr = awaitCdrs(account, 1).getJsonObject(0);
        assertEquals(extension, cdr.getString("extension"), cdr.encode());
        assertEquals("OUTBOUND", cdr.getString("direction"));
        assertEquals("Sales", cdr.getString("department"));
        assertFalse(cdr.containsKey("callType"), "a flat-rate plan has no call types: " + cdr.encode());
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        Http.Reply report = http.get("/v1/accounts/" + account + "/reports/usage?from=" + today + "&to=" + today,
                TENANT_A_KEY);
        assertEquals(200, report.status(), report.body());
        JsonObject row = report.json().getJsonArray("byExtension").getJsonObject(0);
        assertEquals(extension, row.getString("extension"), report.body());
        assertEquals("0.058000", row.getString("cost"));
        assertEquals("Sales", report.json().getJsonArray("byDepartment").getJsonObject(0).getString("department"));
        assertEquals(1, http.get("/v1/accounts/" + account + "/cdrs?extension=" + extension, TENANT_A_KEY).json()
                .getInteger("count"));
        assertEquals(0, http.get("/v1/accounts/" + account + "/cdrs?extension=999", TENANT_A_KEY).json()
                .getInteger("count"));

        // The extension moves to Support: its next call is Support's, the first stays Sales'.
        String path = "/admin/accounts/" + account + "/subscribers/" + extension + "/department";
        assertEquals(400, http.post(path, "{\"department\":\"; drop\"}", ADMIN_KEY).status());
        assertEquals(404, http.post("/admin/accounts/" + account + "/subscribers/nobody/department",
                "{\"department\":\"Support\"}", ADMIN_KEY).status());
        Http.Reply moved = http.post(path, "{\"department\":\"Support\"}", ADMIN_KEY);
        assertEquals(200, moved.status(), moved.body());
        assertEquals("Support", moved.json().getString("department"));
        http.post("/v1/calls/authorise", "{\"callId\":\"ext-2\",\"extension\":\"" + extension + "\",\"caller\":\""
                + extension + "\",\"callee\":\"442071234567\"}");
        assertEquals(200, http.post("/v1/calls/stop", stop("ext-2", account, 30)).status());
        JsonArray both = awaitCdrs(account, 2);
        assertEquals(List.of("Sales", "Support"), both.stream().map(each -> ((JsonObject) each).getString("department"))
                .toList(), both.encode());
    }

    @Test
    void aRepeatedStopChargesOnceAndLeavesOneCdr() throws Exception {
        String account = newAccount("tenant-a", "1.00");
        http.post("/v1/calls/authorise", call("dup", account));

        Http.Reply first = http.post("/v1/calls/stop", stop("dup", account, 60));
        Http.Reply second = http.post("/v1/calls/stop", stop("dup", account, 60));

        assertEquals(200, second.status());
        assertFalse(first.json().getBoolean("replay"));
        assertTrue(second.json().getBoolean("replay"));
        assertEquals("0.040000", second.json().getString("cost"));
        assertEquals("0.960000", balance(account, TENANT_A_KEY).getString("balance"));
        Thread.sleep(1_000); // give a wrongly duplicated CDR time to appear
        assertEquals(1, awaitCdrs(account, 1).size());
    }

    @Test
    void anUnknownAccountGets404WithAStableCode() {
        Http.Reply reply = http.post("/v1/calls/authorise", call("c", "no-such-account"));

        assertEquals(404, reply.status());
        assertEquals("ACCOUNT_UNKNOWN", reply.errorCode());
        assertEquals("DENY", reply.json().getString("decision"));
    }

    @Test
    void insufficientCreditIsDeniedWithItsReason() {
        String account = newAccount("tenant-a", "0.01");

        Http.Reply reply = http.post("/v1/calls/authorise", call("poor", account));

        assertEquals(200, reply.status());
        assertEquals("DENY", reply.json().getString("decision"));
        assertEquals("INSUFFICIENT_CREDIT", reply.json().getString("reason"));
        assertEquals("0.000000", balance(account, TENANT_A_KEY).getString("reserved"));
    }

    @Test
    void malformedJsonGets400AndChangesNoState() {
        String account = newAccount("tenant-a", "1.00");

        Http.Reply broken = http.post("/v1/calls/authorise", "{\"callId\":\"m\",\"account\":\"" + account + "\",");
        Http.Reply notAnObject = http.post("/v1/calls/authorise", "[1,2]");
        Http.Reply missingField = http.post("/v1/calls/authorise", "{\"callId\":\"m\",\"account\":\"" + account + "\"}");

        assertEquals(400, broken.status());
        assertEquals("MALFORMED_JSON", broken.errorCode());
        assertEquals(400, notAnObject.status());
        assertEquals("MALFORMED_JSON", notAnObject.errorCode());
        assertEquals(400, missingField.status());
        assertEquals("INVALID_REQUEST", missingField.errorCode());
        assertTrue(missingField.json().getJsonObject("error").getString("message").contains("callee"));
        JsonObject after = balance(account, TENANT_A_KEY);
        assertEquals("1.000000", after.getString("balance"));
        assertEquals("0.000000", after.getString("reserved"));
        assertEquals(404, http.post("/v1/calls/stop", stop("m", account, 10)).status(), "no session may exist");
    }

    @Test
    void negativeDurationsAndOversizedBodiesAreRefusedWithoutCharging() {
        String account = newAccount("tenant-a", "1.00");
        http.post("/v1/calls/authorise", call("neg", account));

        Http.Reply negative = http.post("/v1/calls/stop", stop("neg", account, -5));
        Http.Reply fractional = http.post("/v1/calls/stop", "{\"callId\":\"neg\",\"account\":\"" + account + "\",\"durationSeconds\":1.5}");
        Http.Reply huge = http.post("/v1/calls/stop", "{\"callId\":\"neg\",\"account\":\"" + account + "\",\"pad\":\""
                + "x".repeat(32 * 1024) + "\",\"durationSeconds\":5}");

        assertEquals(400, negative.status());
        assertEquals("INVALID_REQUEST", negative.errorCode());
        assertEquals(400, fractional.status());
        assertEquals(413, huge.status());
        JsonObject after = balance(account, TENANT_A_KEY);
        assertEquals("1.000000", after.getString("balance"));
        assertFalse("0.000000".equals(after.getString("reserved")), "the call must still be in progress, uncharged");
    }

    @Test
    void aTenantCannotSeeAnotherTenantsAccountsOrCdrs() throws Exception {
        String accountOfA = newAccount("tenant-a", "1.00");
        http.post("/v1/calls/authorise", call("private", accountOfA));
        http.post("/v1/calls/stop", stop("private", accountOfA, 30));
        assertEquals(1, awaitCdrs(accountOfA, 1).size());

        Http.Reply balanceByB = http.get("/v1/accounts/" + accountOfA + "/balance", TENANT_B_KEY);
        Http.Reply cdrsByB = cdrs(accountOfA, TENANT_B_KEY);
        Http.Reply anonymous = cdrs(accountOfA, null);
        Http.Reply badKey = cdrs(accountOfA, "not-a-real-key-000000");

        assertEquals(404, balanceByB.status());
        assertEquals("ACCOUNT_UNKNOWN", balanceByB.errorCode());
        assertEquals(404, cdrsByB.status());
        assertFalse(cdrsByB.body().contains("private"));
        assertEquals(401, anonymous.status());
        assertEquals(401, badKey.status());
    }

    @Test
    void aTenantCannotTopUpItsOwnAccountAndTheOperatorsPaymentsAreIdempotentAndListed() {
        String account = newAccount("tenant-a", "1.00");
        String topUp = "{\"transferId\":\"voucher-77\",\"kind\":\"TOPUP\",\"amount\":\"2.50\"}";

        Http.Reply fromNothing = http.post("/v1/accounts/" + account + "/topups",
                "{\"transferId\":\"free\",\"amount\":\"1000.00\"}", TENANT_A_KEY);
        Http.Reply byB = http.post("/v1/accounts/" + account + "/topups", "{\"transferId\":\"b-1\",\"amount\":\"9.00\"}", TENANT_B_KEY);
        Http.Reply first = http.post("/admin/accounts/" + account + "/transfers", topUp, ADMIN_KEY);
        Http.Reply again = http.post("/admin/accounts/" + account + "/transfers", topUp, ADMIN_KEY);

        assertEquals(403, fromNothing.status(), fromNothing.body());
        assertEquals("OWN_ACCOUNT", fromNothing.errorCode());
        assertEquals(404, byB.status());
        assertEquals(201, first.status(), first.body());
        assertEquals(200, again.status());
        assertTrue(again.json().getBoolean("replay"));
        assertEquals("3.500000", balance(account, TENANT_A_KEY).getString("balance"));
        JsonArray history = http.get("/v1/accounts/" + account + "/topups", TENANT_A_KEY).json().getJsonArray("transfers");
        assertEquals(1, history.size());
        assertEquals("voucher-77", history.getJsonObject(0).getString("transferId"));
        assertEquals(404, http.get("/v1/accounts/" + account + "/topups", TENANT_B_KEY).status());
    }

    @Test
    void interimRepeatsSafelyAndFrozenAccountsAreDenied() {
        String account = newAccount("tenant-a", "1.00");
        http.post("/v1/calls/authorise", call("long", account));
        String interim = "{\"callId\":\"long\",\"account\":\"" + account + "\",\"sequence\":1}";

        Http.Reply first = http.post("/v1/calls/interim", interim);
        Http.Reply repeat = http.post("/v1/calls/interim", interim);
        Http.Reply zero = http.post("/v1/calls/interim", interim.replace("\"sequence\":1", "\"sequence\":0"));

        assertEquals(200, first.status(), first.body());
        assertFalse(first.json().getBoolean("replay"));
        assertTrue(repeat.json().getBoolean("replay"));
        assertEquals(400, zero.status());

        Http.Reply frozen = http.post("/admin/accounts/" + account + "/status", "{\"status\":\"FROZEN\"}", ADMIN_KEY);
        assertEquals(200, frozen.status(), frozen.body());
        Http.Reply denied = http.post("/v1/calls/authorise", call("after-freeze", account));
        assertEquals("ACCOUNT_FROZEN", denied.json().getString("reason"));
    }

    @Test
    void concurrentCallLimitsSetThroughTheAdminApiAreEnforced() {
        String id = "e2e-limited-" + IDS.incrementAndGet();
        admin("/admin/accounts", "{\"tenantId\":\"tenant-a\",\"accountId\":\"" + id + "\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"flat\",\"balance\":\"10\",\"limits\":{\"maxCalls\":1}}");

        assertEquals("ALLOW", http.post("/v1/calls/authorise", call("l1", id)).json().getString("decision"));
        Http.Reply second = http.post("/v1/calls/authorise", call("l2", id));
        assertEquals("CONCURRENT_LIMIT", second.json().getString("reason"));
        http.post("/v1/calls/stop", stop("l1", id, 10));
        assertEquals("ALLOW", http.post("/v1/calls/authorise", call("l2", id)).json().getString("decision"));
    }

    @Test
    void aResellerSeesItsCustomersAccountsButACustomerDoesNotSeeItsSibling() {
        admin("/admin/tenants", "{\"tenantId\":\"reseller-r\",\"name\":\"R\",\"apiKey\":\"reseller-r-key-0123456789\"}");
        admin("/admin/tenants", "{\"tenantId\":\"cust-r1\",\"name\":\"R1\",\"parentId\":\"reseller-r\","
                + "\"apiKey\":\"cust-r1-key-0123456789\"}");
        admin("/admin/tenants", "{\"tenantId\":\"cust-r2\",\"name\":\"R2\",\"parentId\":\"reseller-r\","
                + "\"apiKey\":\"cust-r2-key-0123456789\"}");
        String account = newAccount("cust-r1", "3.00");

        assertEquals(200, http.get("/v1/accounts/" + account + "/balance", "reseller-r-key-0123456789").status());
        assertEquals(200, http.get("/v1/accounts/" + account + "/balance", "cust-r1-key-0123456789").status());
        assertEquals(404, http.get("/v1/accounts/" + account + "/balance", "cust-r2-key-0123456789").status());
        assertEquals(404, cdrs(account, "cust-r2-key-0123456789").status());
    }

    @Test
    void anExtensionWithItsOwnCreditIsBoundedByIt() {
        String account = newAccount("tenant-a", "10.00");
        admin("/admin/accounts/" + account + "/subscribers", "{\"subscriberId\":\"101\",\"credit\":\"0.50\"}");

        Http.Reply reply = http.post("/v1/calls/authorise", "{\"callId\":\"ext\",\"account\":\"" + account
                + "\",\"extension\":\"101\",\"callee\":\"442071234567\"}");
        Http.Reply unknown = http.post("/v1/calls/authorise", "{\"callId\":\"ext2\",\"account\":\"" + account
                + "\",\"extension\":\"999\",\"callee\":\"442071234567\"}");

        // (0.50 - 0.01) / 0.0005 = 980 s, on the 30/6 grid: 978 s.
        assertEquals(978, reply.json().getLong("maxDurationSeconds"), reply.body());
        assertEquals("ACCOUNT_UNKNOWN", unknown.json().getString("reason"));
    }

    @Test
    void theAdminApiRefusesRequestsWithoutTheAdminKey() {
        Http.Reply reply = http.post("/admin/accounts", "{}", TENANT_A_KEY);
        assertEquals(401, reply.status());
        assertEquals("UNAUTHENTICATED", reply.errorCode());
    }

    @Test
    void healthAndMetricsAreServed() {
        String account = newAccount("tenant-a", "0.001");
        http.post("/v1/calls/authorise", call("metered", account));

        assertEquals("UP", http.get("/health", null).json().getString("status"));
        String metrics = http.get("/metrics", null).body();
        assertTrue(metrics.contains("tollgrid_gateway_request_seconds_bucket{endpoint=\"/v1/calls/authorise\""), metrics);
        assertTrue(metrics.contains("tollgrid_authorise_denied_total{reason=\"INSUFFICIENT_CREDIT\",}"), metrics);
        assertTrue(metrics.contains("jvm_memory_bytes_used"), "JVM metrics are exported too");
        assertTrue(metrics.contains("tollgrid_sessions_reaped "), metrics);
        java.util.regex.Matcher sent = java.util.regex.Pattern.compile("(?m)^tollgrid_grid_operations_sent_total (\\S+)$")
                .matcher(metrics);
        assertTrue(sent.find(), metrics);
        assertTrue(Double.parseDouble(sent.group(1)) >= 1, "the authorise above went out in a batch: " + sent.group(0));
        assertTrue(metrics.contains("tollgrid_grid_batches_sent_total "), metrics);
    }
}
