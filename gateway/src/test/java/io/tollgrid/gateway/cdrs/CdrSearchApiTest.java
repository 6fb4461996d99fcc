package io.tollgrid.gateway.cdrs;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.HangupCause;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tenant CDR search over HTTP: filters, cursor paging that returns every row once, the streamed CSV export,
 * typed errors for bad input, and another tenant's key seeing none of it.
 */
@ExtendWith(CassandraExtension.class)
class CdrSearchApiTest {
    private static final String KEY_A = "search-tenant-a-key-0001";
    private static final String KEY_B = "search-tenant-b-key-0001";
    private static final Instant START = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    private static final int CALLS = 45;
    private static TestGateway gateway;
    private static CqlSession session;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("cdr-search", cassandra);
        session = cassandra.openSession();
        gateway.admin("/admin/rate-plans", "{\"planId\":\"s-flat\",\"pricePerMinute\":\"0.03\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"sa\",\"name\":\"Search A\",\"apiKey\":\"" + KEY_A + "\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"sb\",\"name\":\"Search B\",\"apiKey\":\"" + KEY_B + "\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"sa\",\"accountId\":\"sa-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"s-flat\",\"balance\":\"0\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"sb\",\"accountId\":\"sb-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"s-flat\",\"balance\":\"0\"}");
        CdrStore cdrs = CdrStore.open(session, "cdr_search", 1);
        // 45 calls an hour apart over two days: every third BUSY, callers 201/202/203, callees 44... or 359...
        for (int n = 0; n < CALLS; n++) {
            Instant start = START.plus(n, ChronoUnit.HOURS);
            boolean busy = n % 3 == 0;
            long seconds = busy ? 0 : 10L * n;
            cdrs.write(new RatedCdr("sa", "sa-1", "call-" + n, "20" + (1 + n % 3), (n % 2 == 0 ? "44" : "359") + "2000" + n,
                    start, busy ? null : start.plusSeconds(1), start.plusSeconds(1 + seconds), seconds, seconds,
                    busy ? "BUSY" : "ANSWERED", "s-flat", Money.ofMicros(busy ? 0 : 500L * n), "EUR", "test",
                    "raw, with \"quotes\"").classified("20" + (1 + n % 3), RatedCdr.Direction.OUTBOUND,
                    n % 2 == 0 ? CallType.INTERNATIONAL : CallType.NATIONAL)
                    // Every fifth call came in on the PBX trunk telco-in.
                    .viaTrunk(n % 5 == 0 ? "telco-in" : null)
                    // The busy calls after the first say why: user busy.
                    .withCause(busy && n > 0 ? HangupCause.USER_BUSY : HangupCause.UNKNOWN)).toCompletableFuture().join();
        }
        cdrs.write(new RatedCdr("sb", "sb-1", "b-call", "201", "442000", START, START, START.plusSeconds(60), 60, 60,
                "ANSWERED", "s-flat", Money.parse("0.03"), "EUR", "test", "raw")).toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        session.close();
        gateway.close();
    }

    private static String range() {
        return "from=" + START.minus(1, ChronoUnit.HOURS) + "&to=" + START.plus(CALLS, ChronoUnit.HOURS);
    }

    @Test
    void cursorPagesReturnEveryCallOnceInOrderAndTheLastPageHasNoNext() {
        List<String> seen = new ArrayList<>();
        Reply reply = gateway.get("/v1/accounts/sa-1/cdrs?" + range() + "&limit=10", KEY_A);
        int pages = 1;
        while (true) {
            assertEquals(200, reply.status(), reply.body());
            JsonObject page = reply.json();
            page.getJsonArray("cdrs").forEach(row -> seen.add(((JsonObject) row).getString("callId")));
            assertTrue(page.getJsonArray("cdrs").size() <= 10);
            String next = page.getString("next");
            if (next == null) {
                break;
            }
            assertTrue(next.matches("[A-Za-z0-9_-]+"), next);
            // The cursor alone continues the search.
            reply = gateway.get("/v1/accounts/sa-1/cdrs?cursor=" + next + "&limit=10", KEY_A);
            pages++;
        }
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < CALLS; n++) {
            expected.add("call-" + n);
        }
        expected.sort(null);
        List<String> sortedSeen = new ArrayList<>(seen);
        sortedSeen.sort(null);
        assertEquals(expected, sortedSeen, "every call exactly once");
        assertEquals(5, pages);
    }

    @Test
    void filtersNarrowTheRows() {
        Reply reply = gateway.get("/v1/accounts/sa-1/cdrs?" + range() + "&caller=202&calleePrefix=359"
                + "&disposition=ANSWERED&minDurationSeconds=100&minCost=" + URLEncoder.encode("0.01", StandardCharsets.UTF_8), KEY_A);
        assertEquals(200, reply.status(), reply.body());
        JsonArray rows = reply.json().getJsonArray("cdrs");
        // caller 202: n % 3 == 1 (never BUSY); callee 359: n odd; 100 s and 0.01: n >= 20. So n = 25, 31, 37, 43.
        List<String> ids = rows.stream().map(row -> ((JsonObject) row).getString("callId")).toList();
        assertEquals(List.of("call-25", "call-31", "call-37", "call-43"), ids);
        assertNull(reply.json().getString("next"));
    }

    @Test
    void extensionAndCallTypeFilterEveryPageAndEachRowSaysWhoAndWhatKind() {
        List<String> ids = new ArrayList<>();
        Reply reply = gateway.get("/v1/accounts/sa-1/cdrs?" + range() + "&extension=202&callType=NATIONAL&limit=3", KEY_A);
        while (true) {
            assertEquals(200, reply.status(), reply.body());
            for (Object row : reply.json().getJsonArray("cdrs")) {
                JsonObject cdr = (JsonObject) row;
                ids.add(cdr.getString("callId"));
                assertEquals("202", cdr.getString("extension"));
                assertEquals("OUTBOUND", cdr.getString("direction"));
                assertEquals("NATIONAL", cdr.getString("callType"));
            }
            String next = reply.json().getString("next");
            if (next == null) {
                break;
            }
            reply = gateway.get("/v1/accounts/sa-1/cdrs?cursor=" + next + "&limit=3", KEY_A);
        }
        // extension 202: n % 3 == 1; NATIONAL: n odd. So n = 1, 7, 13, ..., 43: the cursor kept both filters.
        assertEquals(List.of("call-1", "call-7", "call-13", "call-19", "call-25", "call-31", "call-37", "call-43"), ids);
    }

    @Test
    void aTrunkFilterKeepsTheCallsOnThatPbxTrunkAndEachSaysSo() {
        Reply reply = gateway.get("/v1/accounts/sa-1/cdrs?" + range() + "&trunk=telco-in", KEY_A);
        assertEquals(200, reply.status(), reply.body());
        List<String> ids = new ArrayList<>();
        for (Object row : reply.json().getJsonArray("cdrs")) {
            ids.add(((JsonObject) row).getString("callId"));
            assertEquals("telco-in", ((JsonObject) row).getString("trunk"));
        }
        assertEquals(List.of("call-0", "call-5", "call-10", "call-15", "call-20", "call-25", "call-30", "call-35",
                "call-40"), ids);
        assertEquals(0, gateway.get("/v1/accounts/sa-1/cdrs?" + range() + "&trunk=telco", KEY_A).json()
                .getJsonArray("cdrs").size(), "a trunk is matched whole");
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts/sa-1/cdrs?trunk=" + "t".repeat(129), KEY_A).errorCode());
    }

    @Test
    void theExportStreamsEveryMatchingRowAsCsv() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + gateway.port() + "/v1/accounts/sa-1/cdrs/export?" + range() + "&disposition=BUSY"))
                .header("Authorization", "Bearer " + KEY_A).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        String[] lines = response.body().split("\r\n");
        assertEquals(CdrCsv.HEADER.trim(), lines[0]);
        assertEquals(1 + 15, lines.length, "a header and the 15 BUSY calls");
        assertTrue(lines[1].startsWith("call-0,201,442000"), lines[1]);
        assertTrue(lines[1].contains(",BUSY,s-flat,0.000000,EUR,test,,"), lines[1]);
        assertTrue(lines[1].endsWith(",false,201,,OUTBOUND,INTERNATIONAL,,telco-in,"),
                lines[1] + " (a flat rate names no destination; call 0 came in on telco-in)");
        assertTrue(lines[2].endsWith(",OUTBOUND,NATIONAL,,,17"), lines[2] + " (call 3 names no trunk; it was busy, cause 17)");

        var all = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + gateway.port() + "/v1/accounts/sa-1/cdrs/export?" + range()))
                .header("Authorization", "Bearer " + KEY_A).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(1 + CALLS, all.body().count());
    }

    @Test
    void badInputGetsATypedErrorAndNoRows() {
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts/sa-1/cdrs?limit=0", KEY_A).errorCode());
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts/sa-1/cdrs?limit=10001", KEY_A).errorCode());
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts/sa-1/cdrs?minCost=-1", KEY_A).errorCode());
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts/sa-1/cdrs?minDurationSeconds=x", KEY_A).errorCode());
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts/sa-1/cdrs?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z",
                KEY_A).errorCode());
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts/sa-1/cdrs?callType=SATELLITE", KEY_A).errorCode());
        assertEquals("INVALID_CURSOR", gateway.get("/v1/accounts/sa-1/cdrs?cursor=bm90LWEtY3Vyc29y", KEY_A).errorCode());
        String next = gateway.get("/v1/accounts/sa-1/cdrs?" + range() + "&limit=5", KEY_A).json().getString("next");
        assertNotNull(next);
        Reply mismatch = gateway.get("/v1/accounts/sa-1/cdrs?cursor=" + next + "&caller=201", KEY_A);
        assertEquals(400, mismatch.status());
        assertEquals("CURSOR_MISMATCH", mismatch.errorCode());
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts/sa-1/cdrs/export?caller=" + "9".repeat(65), KEY_A).errorCode());
    }

    @Test
    void anotherTenantsKeySeesNoneOfItsCdrsPagesOrExports() {
        String next = gateway.get("/v1/accounts/sa-1/cdrs?" + range() + "&limit=5", KEY_A).json().getString("next");
        for (String path : List.of("/v1/accounts/sa-1/cdrs?" + range(), "/v1/accounts/sa-1/cdrs?cursor=" + next,
                "/v1/accounts/sa-1/cdrs/export?" + range())) {
            Reply reply = gateway.get(path, KEY_B);
            assertEquals(404, reply.status(), path + " -> " + reply.body());
            assertEquals("ACCOUNT_UNKNOWN", reply.errorCode());
            assertFalse(reply.body().contains("call-"), reply.body());
            assertEquals(401, gateway.get(path, null).status());
        }
        // A's cursor on B's own account is refused, not used to page B's rows from A's place.
        Reply crossed = gateway.get("/v1/accounts/sb-1/cdrs?cursor=" + next, KEY_B);
        assertEquals("CURSOR_MISMATCH", crossed.errorCode());
        JsonArray own = gateway.get("/v1/accounts/sb-1/cdrs?" + range(), KEY_B).json().getJsonArray("cdrs");
        assertEquals(1, own.size());
        assertEquals("b-call", own.getJsonObject(0).getString("callId"));
    }
}
