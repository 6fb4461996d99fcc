package io.tollgrid.gateway.invoice;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.RollupRefresher;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end over HTTP on a real grid and Cassandra: November 2026 in Berlin for one account with calls (CDRs written
 * as ingest writes them, with their rollups), a monthly fee charged by the product charge run, and a voucher
 * top-up; the invoice run's PDF read back with PDFBox, every total checked to the micro against an independent
 * calculation; a second run changes nothing; credit note, payment oldest first once, void; and another tenant's
 * reseller admin reaches none of it.
 */
@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvoicesApiTest {
    private static final String KEY = "invoice-tenant-key-0001";
    private static final String ACCOUNT = "iv-1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestGateway gateway;
    private static CqlSession session;
    private static String ownAdmin;
    private static String otherAdmin;
    /** The calls, as written: (callee destination prefix, start, cost). */
    private static final List<String[]> CALLS = List.of(
            new String[]{"outside-before", "2026-10-31T22:59:59Z", "retail/49@v1", "9.999999"}, // Oct 31 23:59 Berlin
            new String[]{"c1", "2026-10-31T23:00:00Z", "retail/49@v1", "0.123456"},             // Nov 1 00:00
            new String[]{"c2", "2026-11-10T09:00:00Z", "retail/49@v1", "1.000001"},
            new String[]{"c3", "2026-11-12T18:30:00Z", "retail/44@v2", "0.335000"},
            new String[]{"c4", "2026-11-20T07:00:00Z", "retail/44@v1", "0.045005"},
            new String[]{"c5", "2026-11-30T22:59:59Z", "retail/359@v1", "2.500000"},            // Nov 30 23:59
            new String[]{"outside-after", "2026-11-30T23:00:00Z", "retail/359@v1", "8.888888"}); // Dec 1 00:00

    @BeforeAll
    static void start(CassandraEndpoint cassandra) throws Exception {
        gateway = TestGateway.start("invoices-test", cassandra);
        session = cassandra.openSession();
        gateway.admin("/admin/rate-plans", "{\"planId\":\"iv-flat\",\"pricePerMinute\":\"0.03\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"iv\",\"name\":\"Invoicing Reseller\",\"apiKey\":\"iv-reseller-key-0001\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"iv-c\",\"name\":\"Kunde GmbH\",\"parentId\":\"iv\",\"apiKey\":\"" + KEY + "\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"ix\",\"name\":\"Other Reseller\",\"apiKey\":\"ix-reseller-key-0001\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"iv-c\",\"accountId\":\"" + ACCOUNT + "\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"iv-flat\",\"balance\":\"100\"}");
        ownAdmin = key("iv-admin", "iv");
        otherAdmin = key("ix-admin", "ix");
        CdrStore cdrs = CdrStore.open(session, "invoices_test", 1);
        try (RollupRefresher refresher = RollupRefresher.start(cdrs, DailyRollups.open(session, cdrs), Duration.ofHours(1))) {
            for (String[] call : CALLS) {
                Instant at = Instant.parse(call[1]);
                cdrs.write(new RatedCdr("iv-c", ACCOUNT, call[0], "1001", "4930000", at, at, at.plusSeconds(60), 60, 60,
                        "ANSWERED", call[2], Money.parse(call[3]), "EUR", "test", "raw")).toCompletableFuture().join();
            }
            refresher.refreshOnce();
        }
    }

    @AfterAll
    static void stop() {
        session.close();
        gateway.close();
    }

    private static String key(String id, String tenant) {
        gateway.admin("/admin/principals", new JsonObject().put("principalId", id).put("role", "RESELLER_ADMIN")
                .put("name", id).put("tenantId", tenant).encode());
        Reply key = gateway.post("/admin/principals/" + id + "/keys", "{\"name\":\"invoices\"}", TestGateway.ADMIN_KEY);
        assertEquals(201, key.status(), key.body());
        return key.json().getString("key");
    }

    private static byte[] bytes(String path, String bearer) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                + path)).header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body()));
        return response.body();
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    @Order(1)
    void aPeriodsCallsFeeAndTopUpInvoiceToTheMicroOnceAndSettleOnce() throws Exception {
        // Set up billing through the API: the account's cycle, the tenant's VAT, German invoices.
        gateway.admin("/admin/accounts/" + ACCOUNT + "/billing-profile",
                "{\"cadence\":\"MONTHLY\",\"anchorDay\":1,\"zone\":\"Europe/Berlin\",\"jurisdiction\":\"DE\"}");
        gateway.admin("/admin/tax-rules", "{\"tenantId\":\"iv-c\",\"jurisdiction\":\"DE\",\"name\":\"MwSt\",\"rate\":\"19\","
                + "\"treatment\":\"EXCLUSIVE\",\"rounding\":\"PER_LINE_HALF_UP\"}");
        gateway.admin("/admin/invoice-settings", "{\"tenantId\":\"iv-c\",\"language\":\"de\",\"termsDays\":14}");
        // A monthly fee from 1 November (Berlin), charged by the product charge run for November and December.
        gateway.admin("/admin/products", "{\"productId\":\"iv-fee\",\"name\":\"Grundgebuehr\",\"price\":\"9.90\","
                + "\"currency\":\"EUR\",\"cadence\":\"MONTHLY\",\"anchorDay\":1,\"zone\":\"Europe/Berlin\"}");
        gateway.admin("/admin/accounts/" + ACCOUNT + "/products",
                "{\"productId\":\"iv-fee\",\"from\":\"2026-10-31T23:00:00Z\"}");
        assertEquals(200, gateway.post("/admin/charge-runs", "", TestGateway.ADMIN_KEY).status());
        // A voucher top-up of 5.00: money in, not a charge; the invoice does not bill it.
        Reply batch = gateway.post("/admin/voucher-batches", "{\"batchId\":\"iv-vb\",\"count\":1,\"faceValue\":\"5\","
                + "\"currency\":\"EUR\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(30)) + "\"}", TestGateway.ADMIN_KEY);
        assertEquals(201, batch.status(), batch.body());
        String code = batch.json().getJsonArray("vouchers").getJsonObject(0).getString("code");
        Reply redeemed = gateway.post("/v1/accounts/" + ACCOUNT + "/vouchers/redeem", "{\"code\":\"" + code + "\"}", KEY);
        assertEquals(201, redeemed.status(), redeemed.body());

        Reply run = gateway.post("/admin/invoice-runs", "{\"tenantId\":\"iv-c\",\"period\":\"2026-11-01\"}", ownAdmin);
        assertEquals(200, run.status(), run.body());
        assertEquals(1, run.json().getJsonArray("issued").size(), run.body());
        long number = run.json().getJsonArray("issued").getJsonObject(0).getLong("number");
        assertEquals(1, number);

        // Independent calculation: the five calls inside Berlin's November by destination, the November fee (the
        // December one is outside), 19% on each line rounded half up to cents.
        Map<String, BigDecimal> lines = new TreeMap<>();
        for (String[] call : CALLS) {
            if (!call[0].startsWith("outside")) {
                String destination = call[2].substring("retail/".length(), call[2].indexOf('@'));
                lines.merge(destination, new BigDecimal(call[3]), BigDecimal::add);
            }
        }
        lines.put("fee", new BigDecimal("9.90"));
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        List<String> expectedRows = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> line : lines.entrySet()) {
            BigDecimal lineTax = line.getValue().multiply(new BigDecimal("0.19")).setScale(2, RoundingMode.HALF_UP);
            net = net.add(line.getValue());
            tax = tax.add(lineTax);
            expectedRows.add(german(line.getValue()) + " " + german(lineTax) + " " + german(line.getValue().add(lineTax)));
        }
        BigDecimal gross = net.add(tax);
        assertEquals(new BigDecimal("13.903462"), net); // 1.123457 + 0.380005 + 2.5 + 9.90
        assertEquals(new BigDecimal("2.64"), tax);      // 0.21 + 0.07 + 0.48 + 1.88

        String text = pdfText(bytes("/admin/accounts/" + ACCOUNT + "/invoices/2026-11-01?format=pdf", ownAdmin));
        assertTrue(text.contains("Rechnung 1"), text);
        assertTrue(text.contains("Von: Kunde GmbH"), text);
        for (String row : expectedRows) {
            assertTrue(text.contains(row), row + " in\n" + text);
        }
        assertTrue(text.contains("Anrufe nach 49 2 120"), text);
        assertTrue(text.contains("Netto " + german(net) + " EUR"), text);
        assertTrue(text.contains("Steuer MwSt 19% " + german(tax) + " EUR"), text);
        assertTrue(text.contains("Gesamt " + german(gross) + " EUR"), text);
        assertTrue(text.contains("Offen " + german(gross) + " EUR"), text);
        assertFalse(text.contains("8,888888") || text.contains("9,999999"), "calls outside the period: " + text);
        String detail = pdfText(bytes("/admin/accounts/" + ACCOUNT + "/invoices/2026-11-01?format=pdf&variant=detail", ownAdmin));
        assertTrue(detail.contains("2026-11-30T22:59:59Z 4930000 60 2,50"), detail);
        String html = new String(bytes("/admin/accounts/" + ACCOUNT + "/invoices/2026-11-01?format=html", ownAdmin),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(html.contains("Gesamt</td><td class=\"n\">" + german(gross) + " EUR"), html);

        // A second run changes nothing: same number, same document.
        JsonObject before = gateway.get("/admin/accounts/" + ACCOUNT + "/invoices/2026-11-01", ownAdmin).json();
        Reply again = gateway.post("/admin/invoice-runs", "{\"tenantId\":\"iv-c\",\"period\":\"2026-11-01\"}", ownAdmin);
        assertEquals(run.json().getJsonArray("issued"), again.json().getJsonArray("issued"));
        assertEquals(before, gateway.get("/admin/accounts/" + ACCOUNT + "/invoices/2026-11-01", ownAdmin).json());
        assertEquals(gross.setScale(6).toPlainString(), before.getString("gross"));
        assertEquals(1, gateway.get("/admin/accounts/" + ACCOUNT + "/invoices", ownAdmin).json().getJsonArray("invoices").size());

        // A credit note of 1.19 (tax 0.19 in proportion), then a payment of 10 (paid by the operator) settles the
        // invoice in part, once; its repeat moves no money.
        Reply credit = gateway.post("/admin/accounts/" + ACCOUNT + "/invoices/2026-11-01/credit-notes",
                "{\"creditNoteId\":\"cn-1\",\"amount\":\"1.19\",\"reason\":\"Kulanz\"}", ownAdmin);
        assertEquals(201, credit.status(), credit.body());
        assertEquals(2, credit.json().getLong("number"));
        String balanceBefore = gateway.get("/v1/accounts/" + ACCOUNT + "/balance", KEY).json().getString("balance");
        Reply paid = gateway.post("/admin/accounts/" + ACCOUNT + "/payments", "{\"paymentId\":\"bank-1\",\"amount\":\"10\"}",
                TestGateway.ADMIN_KEY);
        assertEquals(201, paid.status(), paid.body());
        assertEquals("10.000000", paid.json().getJsonObject("settled").getString("2026-11-01"));
        Reply repeat = gateway.post("/admin/accounts/" + ACCOUNT + "/payments", "{\"paymentId\":\"bank-1\",\"amount\":\"10\"}",
                TestGateway.ADMIN_KEY);
        assertEquals(200, repeat.status(), repeat.body());
        assertEquals(new BigDecimal(balanceBefore).add(BigDecimal.TEN).setScale(6).toPlainString(),
                gateway.get("/v1/accounts/" + ACCOUNT + "/balance", KEY).json().getString("balance"));
        JsonObject after = gateway.get("/admin/accounts/" + ACCOUNT + "/invoices/2026-11-01", ownAdmin).json();
        assertEquals(gross.subtract(new BigDecimal("11.19")).setScale(6).toPlainString(), after.getString("outstanding"));
        Reply voided = gateway.post("/admin/accounts/" + ACCOUNT + "/invoices/2026-11-01/void", "", ownAdmin);
        assertEquals(409, voided.status(), voided.body());
        assertEquals("INVOICE_SETTLED", voided.errorCode());
    }

    /** Runs after the invoice exists, so a 404 is the access check's and not a missing invoice's. */
    /**
     * The hot bill of the period in progress (Berlin months): the calls that started in it and its fee so far, the live
     * call apart; a call of the period before is not in it, and another reseller's admin does not reach it.
     */
    @Test
    @Order(3)
    void theHotBillHoldsThePeriodsCallsAndFeeSoFarAndItsLiveCallApart() throws Exception {
        String hot = "iv-hot";
        gateway.admin("/admin/accounts", "{\"tenantId\":\"iv-c\",\"accountId\":\"" + hot + "\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"iv-flat\",\"balance\":\"100\"}");
        gateway.admin("/admin/accounts/" + hot + "/billing-profile",
                "{\"cadence\":\"MONTHLY\",\"anchorDay\":1,\"zone\":\"Europe/Berlin\",\"jurisdiction\":\"DE\"}");
        io.tollgrid.billing.period.BillingPeriod period = new io.tollgrid.billing.period.BillingCycle(
                io.tollgrid.billing.period.Cadence.MONTHLY, 1, java.time.ZoneId.of("Europe/Berlin")).periodAt(Instant.now());
        gateway.admin("/admin/accounts/" + hot + "/products", "{\"productId\":\"iv-fee\",\"from\":\"" + period.startsAt() + "\"}");
        assertEquals(200, gateway.post("/admin/charge-runs", "", TestGateway.ADMIN_KEY).status());
        CdrStore cdrs = CdrStore.open(session, "invoices_test", 1);
        try (RollupRefresher refresher = RollupRefresher.start(cdrs, DailyRollups.open(session, cdrs), Duration.ofHours(1))) {
            for (Object[] call : new Object[][]{{"h-before", -1, "7.77"}, {"h1", 1, "0.10"}, {"h2", 2, "0.25"}}) {
                Instant at = period.startsAt().plusSeconds((Integer) call[1]);
                cdrs.write(new RatedCdr("iv-c", hot, (String) call[0], "1001", "4930000", at, at, at.plusSeconds(60), 60, 60,
                        "ANSWERED", "iv-flat", Money.parse((String) call[2]), "EUR", "test", "raw")).toCompletableFuture().join();
            }
            refresher.refreshOnce();
        }
        Reply live = gateway.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"h-live\",\"account\":\"" + hot + "\",\"callee\":\"4930000\"}");
        assertEquals("ALLOW", live.json().getString("decision"), live.body());

        Reply reply = gateway.get("/v1/accounts/" + hot + "/hot-bill", KEY);

        assertEquals(200, reply.status(), reply.body());
        JsonObject bill = reply.json();
        assertEquals(period.start().toString(), bill.getString("from"));
        assertEquals(period.end().minusDays(1).toString(), bill.getString("to"));
        assertEquals("Europe/Berlin", bill.getString("zone"));
        assertEquals(2, bill.getJsonObject("calls").getLong("calls"), "h1 and h2; h-before is the last period's");
        assertEquals("0.350000", bill.getJsonObject("calls").getString("cost"));
        assertEquals("9.900000", bill.getString("chargesTotal"), "this period's fee only");
        assertEquals("iv-fee", bill.getJsonArray("charges").getJsonObject(0).getString("productId"));
        assertEquals(1, bill.getJsonArray("charges").size());
        assertEquals(1, bill.getJsonObject("liveCalls").getLong("count"));
        assertEquals("10.250000", bill.getString("total"), "calls and charges; the live call is not in it until it stops");
        assertEquals(200, gateway.get("/v1/accounts/" + hot + "/hot-bill", ownAdmin).status(), "the parent reseller's admin");
        assertEquals(404, gateway.get("/v1/accounts/" + hot + "/hot-bill", otherAdmin).status());
        assertEquals(404, gateway.get("/v1/accounts/" + hot + "/hot-bill", "ix-reseller-key-0001").status());
    }

    @Test
    @Order(2)
    void anotherTenantsResellerAdminReachesNoInvoiceAndChangesNothing() throws Exception {
        String account = "/admin/accounts/" + ACCOUNT;
        JsonObject before = gateway.get(account + "/invoices/2026-11-01", ownAdmin).json();
        assertEquals(1, before.getLong("number"), before.encode());
        List<Reply> refused = List.of(
                gateway.get(account + "/invoices", otherAdmin),
                gateway.get(account + "/invoices/2026-11-01?format=pdf", otherAdmin),
                gateway.post("/admin/invoice-runs", "{\"tenantId\":\"iv-c\"}", otherAdmin),
                gateway.post("/admin/tax-rules", "{\"tenantId\":\"iv-c\",\"jurisdiction\":\"DE\",\"name\":\"x\",\"rate\":\"0\","
                        + "\"treatment\":\"EXCLUSIVE\",\"rounding\":\"PER_LINE_HALF_UP\"}", otherAdmin),
                gateway.post("/admin/invoice-settings", "{\"tenantId\":\"iv-c\",\"language\":\"en\"}", otherAdmin),
                gateway.post(account + "/billing-profile", "{\"cadence\":\"WEEKLY\",\"zone\":\"UTC\",\"jurisdiction\":\"XX\"}", otherAdmin),
                gateway.post(account + "/invoices/2026-11-01/void", "", otherAdmin),
                gateway.post(account + "/invoices/2026-11-01/credit-notes", "{\"creditNoteId\":\"x\",\"amount\":\"1\"}", otherAdmin),
                gateway.post(account + "/payments", "{\"paymentId\":\"x\",\"amount\":\"1\"}", otherAdmin));
        for (Reply reply : refused) {
            assertEquals(404, reply.status(), reply.body());
        }
        // The tenant's own customer key is no admin credential at all.
        assertEquals(401, gateway.get(account + "/invoices", KEY).status());
        assertEquals(401, gateway.post("/admin/invoice-runs", "{\"tenantId\":\"iv-c\"}", KEY).status());
        assertEquals(200, gateway.get(account + "/invoices", ownAdmin).status());
        assertEquals(before, gateway.get(account + "/invoices/2026-11-01", ownAdmin).json());
        assertEquals(2, gateway.get(account + "/invoices", ownAdmin).json().getJsonArray("invoices").size(),
                "the invoice and its credit note, no other");
    }

    private static String german(BigDecimal amount) {
        BigDecimal value = amount.stripTrailingZeros();
        if (value.scale() < 2) {
            value = value.setScale(2);
        }
        return value.toPlainString().replace('.', ',');
    }
}
