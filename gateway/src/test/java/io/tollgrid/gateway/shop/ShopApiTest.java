package io.tollgrid.gateway.shop;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.ignite.cache.query.ScanQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The call shop over HTTP: a day session from open to close, multi-pay with receipts, the day report, bad input that
 * changes nothing, another shop's operator who sees and changes nothing, and a live booth.
 */
@ExtendWith(CassandraExtension.class)
class ShopApiTest {
    private static final String KEY_A = "shop-a-tenant-key-0001";
    private static final String KEY_B = "shop-b-tenant-key-0001";
    private static TestGateway gateway;
    private static CqlSession session;
    private static CdrStore cdrs;
    private static String opA;
    private static String opB;
    private static String opA2;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("shop-api", cassandra);
        session = cassandra.openSession();
        cdrs = CdrStore.open(session, "shop_api", 1);
        gateway.admin("/admin/rate-plans", "{\"planId\":\"shop-flat\",\"pricePerMinute\":\"0.03\"}");
        for (String t : List.of("sa", "sb")) {
            gateway.admin("/admin/tenants", "{\"tenantId\":\"" + t + "\",\"name\":\"Shop " + t + "\",\"apiKey\":\""
                    + (t.equals("sa") ? KEY_A : KEY_B) + "\"}");
            for (String booth : List.of(t + "-b1", t + "-b2", t + "-wallet")) {
                gateway.admin("/admin/accounts", "{\"tenantId\":\"" + t + "\",\"accountId\":\"" + booth
                        + "\",\"currency\":\"EUR\",\"ratePlanId\":\"shop-flat\",\"balance\":\"10.00\"}");
            }
            gateway.admin("/admin/tenants", "{\"tenantId\":\"" + t + "\",\"name\":\"Shop " + t + "\",\"apiKey\":\""
                    + (t.equals("sa") ? KEY_A : KEY_B) + "\",\"walletAccount\":\"" + t + "-wallet\"}");
            gateway.admin("/admin/shops", "{\"tenantId\":\"" + t + "\",\"booths\":[\"" + t + "-b1\",\"" + t
                    + "-b2\"],\"sellRules\":[{\"prefix\":\"\",\"markupPercent\":\"25\"},"
                    + "{\"prefix\":\"447\",\"pricePerMinute\":\"0.12\"}]}");
        }
        opA = operator("sa-op", "sa");
        opA2 = operator("sa-op2", "sa");
        opB = operator("sb-op", "sb");
    }

    private static String operator(String id, String tenant) {
        gateway.admin("/admin/principals", "{\"principalId\":\"" + id + "\",\"role\":\"SHOP_OPERATOR\",\"name\":\"" + id
                + "\",\"tenantId\":\"" + tenant + "\"}");
        Reply key = gateway.post("/admin/principals/" + id + "/keys", "{\"name\":\"till\"}", TestGateway.ADMIN_KEY);
        assertEquals(201, key.status(), key.body());
        return key.json().getString("key");
    }

    @AfterAll
    static void stop() {
        session.close();
        gateway.close();
    }

    private static void cdr(String tenant, String booth, String callId, String callee, long seconds, String cost) {
        Instant start = Instant.now().minusMillis(5);
        cdrs.write(new RatedCdr(tenant, booth, callId, "100", callee, start, start, start.plusSeconds(seconds), seconds,
                seconds, "ANSWERED", "shop-flat", Money.parse(cost), "EUR", "test", "raw")).toCompletableFuture().join();
    }

    private static String calls(String... accountAndCall) {
        JsonArray calls = new JsonArray();
        for (int i = 0; i < accountAndCall.length; i += 2) {
            calls.add(new JsonObject().put("account", accountAndCall[i]).put("callId", accountAndCall[i + 1]));
        }
        return new JsonObject().put("calls", calls).encode();
    }

    /** What the grid holds of the shops, as text to compare before and after refused requests. */
    private static String shopState() {
        TreeMap<String, String> state = new TreeMap<>();
        for (String cache : List.of(Caches.SHOP_SESSIONS, Caches.SHOP_OPEN_SESSIONS, Caches.SHOP_RECEIPTS)) {
            gateway.server().cache(cache).query(new ScanQuery<>()).forEach(entry -> state.put(cache + ":"
                    + entry.getKey(), String.valueOf(entry.getValue() instanceof String s ? s
                    : io.tollgrid.gateway.shop.ShopApiTest.describe(entry.getValue()))));
        }
        return state.toString();
    }

    static String describe(Object value) {
        if (value instanceof io.tollgrid.grid.shop.DaySession s) {
            return s.sessionId() + " open=" + s.isOpen() + " receipts=" + s.receipts() + " marks=" + new TreeMap<>(
                    s.marks()).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().status()).toList()
                    + " counted=" + s.countedMicros() + " calls=" + s.closedCalls().size();
        }
        if (value instanceof io.tollgrid.grid.shop.Receipt r) {
            return r.receiptId() + " " + r.totalMicros();
        }
        return String.valueOf(value);
    }

    @Test
    void aDaySessionFromOpenToCloseWithMultiPayAndTheDayReport() throws Exception {
        assertEquals("CASH_INVALID", gateway.post("/v1/shop/sessions", "{\"openingFloat\":\"-1.00\"}", opA).errorCode());
        Reply opened = gateway.post("/v1/shop/sessions", "{\"openingFloat\":\"20.00\"}", opA);
        assertEquals(201, opened.status(), opened.body());
        String id = opened.json().getString("sessionId");
        // Sessions are listed by the UTC date they opened on: this one's, even if the test runs across midnight.
        String day = opened.json().getString("openedAt").substring(0, 10);
        assertEquals("SESSION_OPEN", gateway.post("/v1/shop/sessions", "{\"openingFloat\":\"5.00\"}", opA).errorCode());

        cdr("sa", "sa-b1", "call-1", "359888000111", 90, "0.037000");   // +25%: 0.04625 -> 0.05
        cdr("sa", "sa-b2", "call-2", "447700900123", 61, "0.031000");   // fixed: 2 started minutes x 0.12 = 0.24
        cdr("sa", "sa-b1", "call-3", "4420712345", 30, "0.010000");     // +25%: 0.0125 -> 0.01
        cdr("sb", "sb-b1", "b-call", "359888000111", 60, "0.030000");   // another shop's

        JsonObject open = gateway.get("/v1/shop/sessions/" + id, opA).json();
        assertEquals(3, open.getInteger("callCount"), open.encode());
        assertEquals(List.of("0.050000", "0.240000", "0.010000"), open.getJsonArray("calls").stream()
                .map(c -> ((JsonObject) c).getString("price")).toList());
        assertEquals(3, open.getJsonArray("unserved").size());

        // Bad input changes nothing.
        String before = shopState();
        assertEquals("CALL_UNKNOWN", gateway.post("/v1/shop/sessions/" + id + "/pay", calls("sa-b1", "nope"), opA).errorCode());
        assertEquals("CALL_UNKNOWN", gateway.post("/v1/shop/sessions/" + id + "/pay", calls("sb-b1", "b-call"), opA).errorCode());
        assertEquals("CALLS_INVALID", gateway.post("/v1/shop/sessions/" + id + "/pay",
                calls("sa-b1", "call-1", "sa-b1", "call-1"), opA).errorCode());
        assertEquals(400, gateway.post("/v1/shop/sessions/" + id + "/pay", "{\"calls\":[]}", opA).status());
        // Another shop's operator, and another operator of the same shop, see nothing and change nothing.
        for (String stranger : List.of(opB, opA2)) {
            assertEquals(404, gateway.get("/v1/shop/sessions/" + id, stranger).status());
            assertEquals(404, gateway.get("/v1/shop/sessions/" + id + "/report?format=pdf", stranger).status());
            assertEquals("SESSION_UNKNOWN", gateway.post("/v1/shop/sessions/" + id + "/pay",
                    calls("sa-b1", "call-1"), stranger).errorCode());
            assertEquals("SESSION_UNKNOWN", gateway.post("/v1/shop/sessions/" + id + "/close",
                    "{\"cashCounted\":\"0\"}", stranger).errorCode());
            assertEquals("SESSION_UNKNOWN", gateway.post("/v1/shop/sessions/" + id + "/unpaid",
                    calls("sa-b1", "call-1"), stranger).errorCode());
        }
        assertFalse(gateway.get("/v1/shop/sessions?from=" + day, opB).body().contains(id));
        assertFalse(gateway.get("/v1/shop/sessions?from=" + day, KEY_B).body().contains(id));
        assertEquals(before, shopState());

        // Two calls at once, one receipt.
        Reply paid = gateway.post("/v1/shop/sessions/" + id + "/pay", calls("sa-b1", "call-1", "sa-b2", "call-2"), opA);
        assertEquals(201, paid.status(), paid.body());
        assertEquals("0.290000", paid.json().getString("total"));
        String receiptId = paid.json().getString("receiptId");
        // Paying a paid call again, with an unpaid one, pays neither.
        String afterPay = shopState();
        assertEquals("CALL_ALREADY_PAID", gateway.post("/v1/shop/sessions/" + id + "/pay",
                calls("sa-b1", "call-3", "sa-b2", "call-2"), opA).errorCode());
        assertEquals("CALL_ALREADY_PAID", gateway.post("/v1/shop/sessions/" + id + "/unpaid",
                calls("sa-b1", "call-1"), opA).errorCode());
        assertEquals(afterPay, shopState());

        Reply html = gateway.get("/v1/shop/receipts/" + receiptId + "?format=html", opA);
        assertEquals(200, html.status());
        assertTrue(html.body().contains("0.290000") && html.body().contains("call-2") && html.body().contains("Shop sa"),
                html.body());
        assertTrue(pdf("/v1/shop/receipts/" + receiptId + "?format=pdf", opA));
        assertEquals(404, gateway.get("/v1/shop/receipts/" + receiptId, opB).status());
        assertEquals(404, gateway.get("/v1/shop/receipts/" + receiptId, KEY_B).status());

        // Close with a negative count: refused, still open.
        assertEquals("CASH_INVALID", gateway.post("/v1/shop/sessions/" + id + "/close", "{\"cashCounted\":\"-0.01\"}",
                opA).errorCode());
        assertEquals("OPEN", gateway.get("/v1/shop/sessions/" + id, opA).json().getString("state"));
        Reply closed = gateway.post("/v1/shop/sessions/" + id + "/close", "{\"cashCounted\":\"20.25\"}", opA);
        assertEquals(200, closed.status(), closed.body());
        JsonObject report = closed.json();
        assertEquals("CLOSED", report.getString("state"));
        assertEquals(3, report.getInteger("callCount"));
        assertEquals(181, report.getLong("answeredSeconds"));
        assertEquals("3:01", report.getString("minutes"));
        assertEquals("20.290000", report.getString("cashExpected"));
        assertEquals("20.250000", report.getString("cashCounted"));
        assertEquals("-0.040000", report.getString("difference"));
        assertEquals(List.of("call-3"), report.getJsonArray("unserved").stream()
                .map(c -> ((JsonObject) c).getString("callId")).toList());
        assertTrue(report.getJsonArray("unpaid").isEmpty());

        // Closed: read-only.
        String afterClose = shopState();
        cdr("sa", "sa-b1", "call-late", "359", 10, "0.01");
        assertEquals("SESSION_CLOSED", gateway.post("/v1/shop/sessions/" + id + "/pay", calls("sa-b1", "call-3"),
                opA).errorCode());
        assertEquals("SESSION_CLOSED", gateway.post("/v1/shop/sessions/" + id + "/unpaid", calls("sa-b1", "call-3"),
                opA).errorCode());
        assertEquals("SESSION_CLOSED", gateway.post("/v1/shop/sessions/" + id + "/close", "{\"cashCounted\":\"1\"}",
                opA).errorCode());
        assertEquals(afterClose, shopState());
        assertEquals(3, gateway.get("/v1/shop/sessions/" + id, opA).json().getInteger("callCount"));

        String reportHtml = gateway.get("/v1/shop/sessions/" + id + "/report?format=html", opA).body();
        assertTrue(reportHtml.contains("Cash expected") && reportHtml.contains("-0.040000"), reportHtml);
        assertTrue(pdf("/v1/shop/sessions/" + id + "/report?format=pdf", opA));
        // Listed and searched by date; the shop's admin sees it, a new session can be opened.
        assertTrue(gateway.get("/v1/shop/sessions?from=" + day + "&to=" + day, opA).body().contains(id));
        assertTrue(gateway.get("/v1/shop/sessions?from=" + day, KEY_A).body().contains(id));
        assertFalse(gateway.get("/v1/shop/sessions?from=2020-01-01&to=2020-01-02", opA).body().contains(id));
        assertEquals(201, gateway.post("/v1/shop/sessions", "{\"openingFloat\":\"0\"}", opA).status());

        // Every change is in the tenant's audit log.
        String audit = gateway.get("/v1/audit?day=" + today(), KEY_A).body();
        assertTrue(audit.contains("PAID on " + receiptId), audit);
        assertTrue(audit.contains("OPEN -> CLOSED"), audit);
        assertTrue(audit.contains("CALL_ALREADY_PAID"), audit);
    }

    @Test
    void roleChecksKeepOtherPrincipalsOut() {
        Reply operator = gateway.get("/v1/shop", TestGateway.ADMIN_KEY);
        assertTrue(operator.status() == 401 || operator.status() == 403, operator.body());
        assertEquals(403, gateway.post("/v1/shop/sessions", "{\"openingFloat\":\"1\"}", KEY_A).status());
        assertEquals(403, gateway.post("/admin/shops", "{\"tenantId\":\"sb\",\"booths\":[\"sb-b1\"]}", opA).status());
        assertEquals(404, gateway.post("/admin/shops", "{\"tenantId\":\"sa\",\"booths\":[\"sb-b1\"]}",
                TestGateway.ADMIN_KEY).status());
        assertEquals(400, gateway.post("/admin/shops", "{\"tenantId\":\"sa\",\"booths\":[\"sa-b1\"],\"sellRules\":"
                + "[{\"prefix\":\"44\",\"markupPercent\":\"1\",\"pricePerMinute\":\"0.1\"}]}", TestGateway.ADMIN_KEY).status());
        JsonObject shop = gateway.get("/v1/shop", opA).json();
        assertEquals("sa", shop.getString("tenantId"));
        assertEquals("10.000000", shop.getJsonObject("wallet").getString("balance"));
        assertEquals("CENT_HALF_UP", shop.getString("markupRounding"));
    }

    @Test
    void aBoothWithACallInProgressShowsItsDestinationAndCost() throws Exception {
        Reply authorised = gateway.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"live-1\",\"account\":\"sb-b2\",\"callee\":\"447700900222\"}");
        assertEquals(200, authorised.status(), authorised.body());
        assertEquals(200, gateway.postFromSwitch("/v1/calls/start", "{\"callId\":\"live-1\",\"account\":\"sb-b2\"}").status());
        Thread.sleep(1_100);
        JsonObject booths = gateway.get("/v1/shop/booths", opB).json();
        JsonObject b2 = booths.getJsonArray("booths").stream().map(JsonObject.class::cast)
                .filter(b -> b.getString("booth").equals("sb-b2")).findFirst().orElseThrow();
        assertEquals("CALLING", b2.getString("state"), booths.encode());
        JsonObject call = b2.getJsonArray("calls").getJsonObject(0);
        assertEquals("447700900222", call.getString("callee"));
        assertTrue(call.getLong("runningSeconds") >= 1, call.encode());
        // The shop's fixed price for 447: 0.12 per started minute.
        assertEquals("0.120000", call.getString("costSoFar"), call.encode());
        assertFalse(gateway.get("/v1/shop/booths", opA).body().contains("live-1"));
        assertEquals(200, gateway.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"live-1\",\"account\":\"sb-b2\",\"durationSeconds\":2}").status());
        JsonObject after = gateway.get("/v1/shop/booths", opB).json();
        assertFalse(after.encode().contains("live-1"), after.encode());
    }

    private boolean pdf(String path, String bearer) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + path)).header("Authorization", "Bearer " + bearer)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        return response.statusCode() == 200 && body.length > 500 && new String(body, 0, 5).equals("%PDF-");
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }
}
