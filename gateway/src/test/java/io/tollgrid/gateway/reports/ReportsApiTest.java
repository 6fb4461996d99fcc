package io.tollgrid.gateway.reports;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.gateway.TestGateway;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.RollupRefresher;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Usage reports over HTTP from rollups written the way ingest writes them, in Europe/Sofia across local midnight
 * and the spring DST change (2026-03-29, 03:00 EET becomes 04:00 EEST), as JSON, CSV, .xlsx (read back with
 * fastexcel-reader) and PDF (read back with PDFBox), and never to another tenant.
 */
@ExtendWith(CassandraExtension.class)
class ReportsApiTest {
    private static final String KEY_A = "report-tenant-a-key-0001";
    private static final String KEY_B = "report-tenant-b-key-0001";
    private static final String SOFIA_PERIOD = "from=2026-03-28&to=2026-03-30&zone=Europe/Sofia";
    private static TestGateway gateway;
    private static CqlSession session;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(CassandraEndpoint cassandra) throws Exception {
        gateway = TestGateway.start("reports-test", cassandra);
        session = cassandra.openSession();
        gateway.admin("/admin/rate-plans", "{\"planId\":\"r-flat\",\"pricePerMinute\":\"0.03\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"ra\",\"name\":\"Report A Ltd\",\"apiKey\":\"" + KEY_A + "\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"rb\",\"name\":\"Report B\",\"apiKey\":\"" + KEY_B + "\"}");
        for (String account : List.of("ra-1", "ra-2")) {
            gateway.admin("/admin/accounts", "{\"tenantId\":\"ra\",\"accountId\":\"" + account + "\",\"currency\":\"EUR\","
                    + "\"ratePlanId\":\"r-flat\",\"balance\":\"0\"}");
        }
        gateway.admin("/admin/accounts", "{\"tenantId\":\"rb\",\"accountId\":\"rb-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"r-flat\",\"balance\":\"0\"}");
        CdrStore cdrs = CdrStore.open(session, "reports_test", 1);
        try (RollupRefresher refresher = RollupRefresher.start(cdrs, DailyRollups.open(session, cdrs), Duration.ofHours(1))) {
            // Sofia is UTC+2 until 2026-03-29T01:00Z, UTC+3 after. The period is [03-27T22:00Z, 03-30T21:00Z).
            write(cdrs, "ra-1", "outside-before", "2026-03-27T21:59:00Z", "retail/44@v1", 60, "9.99");   // 27th 23:59
            write(cdrs, "ra-1", "c2", "2026-03-27T22:30:00Z", "retail/44@v1", 60, "0.10");               // 28th 00:30
            write(cdrs, "ra-1", "c3", "2026-03-28T12:00:00Z", "retail/44@v2", 120, "0.20");              // 28th 14:00
            write(cdrs, "ra-1", "c4", "2026-03-28T23:30:00Z", "retail/359@v1", 600, "1.50");             // 29th 01:30
            write(cdrs, "ra-1", "c5", "2026-03-29T01:30:00Z", "unrated", 0, "0");                        // 29th 04:30 EEST
            write(cdrs, "ra-1", "c6", "2026-03-29T20:59:00Z", "retail/359@v1", 90, "0.30");              // 29th 23:59
            write(cdrs, "ra-1", "c7", "2026-03-30T20:59:00Z", "retail/49@v1", 30, "0.05");               // 30th 23:59
            write(cdrs, "ra-1", "outside-after", "2026-03-30T21:00:00Z", "retail/44@v1", 60, "9.99");    // 31st 00:00
            write(cdrs, "ra-2", "d1", "2026-03-29T10:00:00Z", "retail/44@v1", 60, "0.40");
            write(cdrs, "rb-1", "theirs", "2026-03-29T10:00:00Z", "retail/44@v1", 60, "7.77");
            refresher.refreshOnce();
        }
    }

    private static void write(CdrStore cdrs, String account, String callId, String start, String rateId, long seconds,
                              String cost) {
        Instant at = Instant.parse(start);
        String tenant = account.startsWith("ra") ? "ra" : "rb";
        // Extensions: 1001 made c2, c3 and c5, 1002 made c4 and c6, and c7 names none. Call types as a deck gives them.
        String extension = List.of("c2", "c3", "c5").contains(callId) ? "1001"
                : List.of("c4", "c6").contains(callId) ? "1002" : null;
        CallType callType = rateId.contains("/359@") ? CallType.NATIONAL : rateId.contains("@") ? CallType.INTERNATIONAL : null;
        // c4 and c6 went through carrier-x, which they cost 0.40 and 0.10.
        String carrier = List.of("c4", "c6").contains(callId) ? "carrier-x" : null;
        Money buyCost = "c4".equals(callId) ? Money.parse("0.40") : "c6".equals(callId) ? Money.parse("0.10") : null;
        cdrs.write(new RatedCdr(tenant, account, callId, "1001", "4420000", at, seconds > 0 ? at : null,
                at.plusSeconds(seconds), seconds, seconds, seconds > 0 ? "ANSWERED" : "NO_ANSWER", rateId, Money.parse(cost),
                "EUR", "test", "raw", null, null, false, carrier, buyCost,
                buyCost == null ? null : Money.parse(cost).minus(buyCost)).classified(extension, extension == null ? null : RatedCdr.Direction.OUTBOUND,
                callType).inDepartment("1002".equals(extension) ? "Support" : null)
                // c3 and c4 left the PBX on its trunk telco-out.
                .viaTrunk(List.of("c3", "c4").contains(callId) ? "telco-out" : null)).toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        session.close();
        gateway.close();
    }

    private static HttpResponse<byte[]> get(String path, String key, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonObject json(String path, String key) throws Exception {
        HttpResponse<byte[]> response = get(path, key, null);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(200, response.statusCode(), body);
        return new JsonObject(body);
    }

    private static Map<String, JsonObject> byKey(JsonArray rows, String key) {
        Map<String, JsonObject> map = new HashMap<>();
        rows.forEach(row -> map.put(((JsonObject) row).getString(key), (JsonObject) row));
        return map;
    }

    @Test
    void aPeriodInSofiaAcrossMidnightAndTheDstChangeCountsEachCallOnceInItsLocalHourAndDay() throws Exception {
        JsonObject report = json("/v1/accounts/ra-1/reports/usage?" + SOFIA_PERIOD + "&top=2&longCallSeconds=300", KEY_A);

        assertEquals("Report A Ltd", report.getString("tenant"));
        JsonObject total = report.getJsonArray("total").getJsonObject(0);
        assertEquals(6, total.getLong("calls"), report.encodePrettily());
        assertEquals(5, total.getLong("answered"));
        assertEquals("2.150000", total.getString("cost"));
        assertEquals(600, total.getLong("longestCallSeconds"));
        assertTrue(total.getBoolean("highlight"));
        assertEquals("83.3", total.getString("asr"), "5 of 6 calls answered");
        assertEquals((total.getLong("answeredSeconds") * 2 + 5) / 10, total.getLong("acdSeconds"), "answered seconds / 5, half up");

        Map<String, JsonObject> days = byKey(report.getJsonArray("byDay"), "date");
        assertEquals(List.of("2026-03-28", "2026-03-29", "2026-03-30"), days.keySet().stream().sorted().toList());
        assertEquals(2, days.get("2026-03-28").getLong("calls"));
        assertEquals(3, days.get("2026-03-29").getLong("calls"), "the 23:30 UTC call of the 28th is the 29th in Sofia");
        assertEquals(1, days.get("2026-03-30").getLong("calls"));

        Map<String, JsonObject> hours = byKey(report.getJsonArray("byHour"), "hour");
        assertEquals(Map.of("00", 1L, "01", 1L, "04", 1L, "14", 1L, "23", 2L), hours.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getLong("calls"))),
                "01:30 UTC on the 29th is 04:30 EEST, after the change");

        JsonArray top = report.getJsonArray("topDestinations");
        assertEquals(2, top.size());
        assertEquals("359", top.getJsonObject(0).getString("destination"));
        assertEquals("1.800000", top.getJsonObject(0).getString("cost"));
        assertTrue(top.getJsonObject(0).getBoolean("highlight"), "its longest call is 600 s, over 300");
        assertEquals("44", top.getJsonObject(1).getString("destination"));
        assertFalse(top.getJsonObject(1).getBoolean("highlight"));
        assertEquals(1, byKey(report.getJsonArray("byDisposition"), "disposition").get("NO_ANSWER").getLong("calls"));

        // The Sofia edge days are added up from CDRs, the day between from its rollup: both carry the new dimensions.
        JsonArray extensions = report.getJsonArray("byExtension");
        assertEquals(List.of("1002", "1001", ""), extensions.stream().map(row -> ((JsonObject) row).getString("extension"))
                .toList(), "dearest first; the call that names no extension is the empty key");
        assertEquals("1.800000", extensions.getJsonObject(0).getString("cost"));
        assertEquals(3, extensions.getJsonObject(1).getLong("calls"));
        assertEquals("0.300000", extensions.getJsonObject(1).getString("cost"));
        Map<String, JsonObject> types = byKey(report.getJsonArray("byCallType"), "callType");
        assertEquals(java.util.Set.of("", "INTERNATIONAL", "NATIONAL"), types.keySet());
        assertEquals(3, types.get("INTERNATIONAL").getLong("calls"));
        assertEquals("0.350000", types.get("INTERNATIONAL").getString("cost"));
        assertEquals("1.800000", types.get("NATIONAL").getString("cost"));
        assertEquals(1, types.get("").getLong("calls"), "the unrated call has no call type");
        JsonArray departments = report.getJsonArray("byDepartment");
        assertEquals("Support", departments.getJsonObject(0).getString("department"), "1002's department, dearest first");
        assertEquals("1.800000", departments.getJsonObject(0).getString("cost"));
        assertEquals("", departments.getJsonObject(1).getString("department"));
        assertEquals(4, departments.getJsonObject(1).getLong("calls"), "the calls of extensions without a department");
        JsonArray carriers = report.getJsonArray("byCarrier");
        assertEquals("carrier-x", carriers.getJsonObject(0).getString("carrier"), "dearest first");
        assertEquals("1.800000", carriers.getJsonObject(0).getString("cost"));
        assertEquals("0.500000", carriers.getJsonObject(0).getString("buyCost"));
        assertEquals("1.300000", carriers.getJsonObject(0).getString("margin"));
        assertEquals("0.000000", carriers.getJsonObject(1).getString("margin"), "calls no carrier connected");
        assertEquals("1.300000", report.getJsonArray("total").getJsonObject(0).getString("margin"));
        JsonArray trunks = report.getJsonArray("byTrunk");
        assertEquals("telco-out", trunks.getJsonObject(0).getString("trunk"), "dearest first");
        assertEquals(2, trunks.getJsonObject(0).getLong("calls"));
        assertEquals("1.700000", trunks.getJsonObject(0).getString("cost"), "c3 0.20 and c4 1.50");
        assertEquals("", trunks.getJsonObject(1).getString("trunk"));
        assertEquals(4, trunks.getJsonObject(1).getLong("calls"), "the calls that name no trunk");
    }

    @Test
    void theSameDaysInUtcAreOtherCalls() throws Exception {
        JsonObject report = json("/v1/accounts/ra-1/reports/usage?from=2026-03-28&to=2026-03-28", KEY_A);
        assertEquals("UTC", report.getString("zone"));
        assertEquals(2, report.getJsonArray("total").getJsonObject(0).getLong("calls"), "c3 and c4");
        assertEquals("1.700000", report.getJsonArray("total").getJsonObject(0).getString("cost"));
    }

    @Test
    void usageByAccountListsTheTenantsOwnAccountsDearestFirst() throws Exception {
        JsonObject report = json("/v1/reports/usage-by-account?" + SOFIA_PERIOD, KEY_A);
        JsonArray accounts = report.getJsonArray("accounts");
        assertEquals(2, accounts.size(), report.encodePrettily());
        assertEquals("ra-1", accounts.getJsonObject(0).getString("account"));
        assertEquals("2.150000", accounts.getJsonObject(0).getString("cost"), "the edge days are cut by the zone too");
        assertEquals("ra-2", accounts.getJsonObject(1).getString("account"));
        assertEquals("0.400000", accounts.getJsonObject(1).getString("cost"));
        JsonArray top = json("/v1/reports/usage-by-account?" + SOFIA_PERIOD + "&top=1", KEY_A).getJsonArray("topSpenders");
        assertEquals(1, top.size());
        assertEquals("ra-1", top.getJsonObject(0).getString("account"), "the top spender");
    }

    @Test
    void csvXlsxAndPdfCarryTheTenantThePeriodAndTheHighlightedRows() throws Exception {
        String query = "/v1/accounts/ra-1/reports/usage?" + SOFIA_PERIOD + "&expensiveCallCost=1&format=";
        HttpResponse<byte[]> csv = get(query + "csv", KEY_A, null);
        assertEquals(200, csv.statusCode());
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("report,Usage of account ra-1\r\ntenant,Report A Ltd\r\n"
                + "period,2026-03-28 to 2026-03-30 (Europe/Sofia)\r\n"), text);
        assertTrue(text.contains("\r\n359,2,2,690,690,1.800000,EUR,600,1.500000,yes,100.0,345\r\n"), text);
        assertTrue(text.contains("\r\n44,2,2,180,180,0.300000,EUR,120,0.200000,,100.0,90\r\n"), text);
        assertTrue(text.contains("\r\n1002,2,2,690,690,1.800000,EUR,600,1.500000,yes,100.0,345\r\n"), text);
        assertTrue(text.contains("\r\ncarrier,calls,answered,answeredSeconds,billedSeconds,cost,currency,longestCallSeconds,"
                + "dearestCall,highlight,asr,acdSeconds,buyCost,margin\r\ncarrier-x,2,2,690,690,1.800000,EUR,600,1.500000,yes,"
                + "100.0,345,0.500000,1.300000\r\n"), text);
        assertTrue(text.contains("\r\ntrunk,calls,"), text);
        assertTrue(text.contains("\r\ntelco-out,2,2,720,720,1.700000,EUR,600,1.500000,yes,"), text);

        HttpResponse<byte[]> xlsx = get("/v1/accounts/ra-1/reports/usage?" + SOFIA_PERIOD + "&expensiveCallCost=1", KEY_A,
                ReportFormat.XLSX.contentType());
        assertEquals(200, xlsx.statusCode());
        assertEquals(ReportFormat.XLSX.contentType(), xlsx.headers().firstValue("content-type").orElse(""));
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<Sheet> sheets = workbook.getSheets().toList();
            List<Row> head = sheets.get(0).read();
            assertEquals("Report A Ltd", head.get(1).getCellAsString(1).orElse(""));
            assertEquals("2026-03-28 to 2026-03-30 (Europe/Sofia)", head.get(2).getCellAsString(1).orElse(""));
            assertTrue(sheets.stream().map(Sheet::getName).toList().containsAll(List.of("By extension", "By call type",
                            "By PBX trunk")),
                    sheets.stream().map(Sheet::getName).toList().toString());
            Sheet destinations = sheets.stream().filter(sheet -> sheet.getName().equals("By destination")).findFirst()
                    .orElseThrow();
            List<Row> rows = destinations.read();
            assertEquals("destination", rows.get(0).getCellAsString(0).orElse(""));
            assertEquals("359", rows.get(1).getCellAsString(0).orElse(""));
            assertEquals(0, new java.math.BigDecimal("1.8").compareTo(rows.get(1).getCellAsNumber(5).orElseThrow()),
                    "money is a number cell");
            assertEquals("yes", rows.get(1).getCellAsString(9).orElse(""));
            assertEquals(5, rows.size(), "a header and 359, 44, 49, unrated");
        }

        HttpResponse<byte[]> pdf = get(query + "pdf", KEY_A, null);
        assertEquals(200, pdf.statusCode());
        assertTrue(pdf.headers().firstValue("content-disposition").orElse("").contains(".pdf"));
        try (var document = Loader.loadPDF(pdf.body())) {
            String pdfText = new PDFTextStripper().getText(document);
            assertTrue(pdfText.contains("Tenant: Report A Ltd"), pdfText);
            assertTrue(pdfText.contains("Period: 2026-03-28 to 2026-03-30 (Europe/Sofia)"), pdfText);
            assertTrue(pdfText.contains("Top destinations"), pdfText);
            assertTrue(pdfText.contains("1.800000"), pdfText);
        }
    }

    @Test
    void anotherTenantSeesNeitherTheAccountNorItsUsage() throws Exception {
        for (String format : List.of("json", "csv", "xlsx", "pdf")) {
            HttpResponse<byte[]> reply = get("/v1/accounts/ra-1/reports/usage?" + SOFIA_PERIOD + "&format=" + format,
                    KEY_B, null);
            String body = new String(reply.body(), StandardCharsets.UTF_8);
            assertEquals(404, reply.statusCode(), body);
            assertTrue(body.contains("ACCOUNT_UNKNOWN"), body);
        }
        JsonArray theirs = json("/v1/reports/usage-by-account?" + SOFIA_PERIOD, KEY_B).getJsonArray("accounts");
        assertEquals(1, theirs.size());
        assertEquals("rb-1", theirs.getJsonObject(0).getString("account"));
        assertEquals(401, get("/v1/reports/usage-by-account?" + SOFIA_PERIOD, null, null).statusCode());
        assertEquals(401, get("/v1/accounts/ra-1/reports/usage?" + SOFIA_PERIOD, "not-a-key-000000000", null).statusCode());
    }

    @Test
    void badPeriodsAndParametersAreRefusedWithTheReason() throws Exception {
        for (String query : List.of("from=2026-03-28", "from=2026-03-28&to=2026-03-27", "from=2026-3-28&to=2026-03-29",
                "from=2026-03-28&to=2026-03-29&zone=Mars/Olympus", "from=2020-01-01&to=2026-01-01",
                "from=2026-03-28&to=2026-03-29&format=docx", "from=2026-03-28&to=2026-03-29&top=0",
                "from=2026-03-28&to=2026-03-29&expensiveCallCost=-1")) {
            HttpResponse<byte[]> reply = get("/v1/accounts/ra-1/reports/usage?" + query, KEY_A, null);
            String body = new String(reply.body(), StandardCharsets.UTF_8);
            assertEquals(400, reply.statusCode(), query + " -> " + body);
            assertTrue(body.contains("INVALID_REQUEST"), body);
        }
    }

    @Test
    void theOperatorReadsATenantsCarriersByDestinationWithAsrAcdAndNerAndNoTenantCan() throws Exception {
        String path = "/admin/reports/carriers?tenantId=ra&from=2026-03-28&to=2026-03-30";
        JsonObject report = json(path, TestGateway.ADMIN_KEY);
        assertEquals("Report A Ltd", report.getString("tenant"));
        // c4 (600 s, 1.50, bought at 0.40) and c6 (90 s, 0.30, bought at 0.10), both through carrier-x to 359,
        // answered; their CDRs name no cause, and an answered call's outcome is known, so NER counts both.
        JsonArray carriers = report.getJsonArray("byCarrier");
        assertEquals(1, carriers.size(), carriers.encode());
        JsonObject x = carriers.getJsonObject(0);
        assertEquals("carrier-x", x.getString("carrierId"));
        assertEquals(2, x.getLong("calls"));
        assertEquals("100.0", x.getString("asr"));
        assertEquals(345, x.getLong("acdSeconds"), "690 s over 2 answered calls");
        assertEquals("100.0", x.getString("ner"));
        assertEquals("1.800000", x.getString("cost"));
        assertEquals("0.500000", x.getString("buyCost"));
        assertEquals("1.300000", x.getString("margin"));
        JsonArray lines = report.getJsonArray("byCarrierDestination");
        assertEquals(1, lines.size(), lines.encode());
        assertEquals("359", lines.getJsonObject(0).getString("destination"));
        assertEquals(2, lines.getJsonObject(0).getLong("calls"));
        assertEquals(1, json("/admin/reports/carriers?tenantId=ra&from=2026-03-29&to=2026-03-29", TestGateway.ADMIN_KEY)
                .getJsonArray("byCarrier").getJsonObject(0).getLong("calls"), "UTC days: only c6 on the 29th");
        assertEquals(0, json("/admin/reports/carriers?tenantId=rb&from=2026-03-28&to=2026-03-30", TestGateway.ADMIN_KEY)
                .getJsonArray("byCarrier").size(), "B's calls named no carrier");

        String csv = new String(get(path + "&format=csv", TestGateway.ADMIN_KEY, null).body(), StandardCharsets.UTF_8);
        assertTrue(csv.contains("By carrier and destination\r\ncarrier,destination,calls,answered,asr,acdSeconds,ner,nerCalls,pddMs,pddCalls,"), csv);
        assertTrue(csv.contains("carrier-x,359,2,2,100.0,345,100.0,2,,0,690,690,1.800000,0.500000,1.300000,EUR\r\n"), csv);

        assertEquals(401, get(path, KEY_A, null).statusCode(), "a tenant key is no key on the admin API");
        HttpResponse<byte[]> unknown = get("/admin/reports/carriers?tenantId=nobody&from=2026-03-28&to=2026-03-30",
                TestGateway.ADMIN_KEY, null);
        assertEquals(404, unknown.statusCode());
        assertTrue(new String(unknown.body(), StandardCharsets.UTF_8).contains("TENANT_UNKNOWN"));
        for (String query : List.of("tenantId=ra&from=2026-03-28", "tenantId=ra&from=2026-03-28&to=2026-03-27",
                "tenantId=ra&from=2026-01-01&to=2026-04-03", "from=2026-03-28&to=2026-03-29",
                "tenantId=ra&from=2026-03-28&to=2026-03-29&format=docx")) {
            HttpResponse<byte[]> reply = get("/admin/reports/carriers?" + query, TestGateway.ADMIN_KEY, null);
            assertEquals(400, reply.statusCode(), query + " -> " + new String(reply.body(), StandardCharsets.UTF_8));
        }
    }
}
