package io.tollgrid.gateway.notify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tollgrid.gateway.Gateway;
import io.tollgrid.gateway.GatewaySettings;
import io.tollgrid.gateway.calls.OperatorSwitches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A tenant's email templates and the hourly send limits, end to end on a real grid node, a real Cassandra and a real
 * SMTP server in this JVM (GreenMail): a tenant's template shapes its own emails and no other tenant's, its HTML part
 * escapes the event's values, removing it brings the built-in text back, another tenant's admin gets 404 and changes
 * nothing, bad templates are refused, and sends over the limits are recorded THROTTLED and counted in the metrics.
 * Every message is read back.
 */
@ExtendWith(CassandraExtension.class)
class NotificationTemplatesTest {
    private static final String ADMIN_KEY = "templates-admin-key-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Two messages per receiver, five per tenant, an hour: tenants A and B stay under them, C goes over. */
    private static final NotifySettings.Throttle LIMITS = new NotifySettings.Throttle(2, 5);

    private static GreenMail mail;
    private static Ignite server;
    private static Gateway gateway;
    private static CqlSession session;
    private static CdrStore cdrs;
    private static String adminA;
    private static String adminB;
    private static String adminC;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        GridSettings grid = TestGrids.settings("templates-test-server");
        server = GridNodes.startServer(grid);
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 16 * 1024, Duration.ofSeconds(5), ADMIN_KEY,
                new OperatorSwitches(List.of("templates-switch-key-0001"), Set.of(), 0),
                grid.withInstanceName("templates-test-gateway"), CassandraConnection.parse(cassandra.spec()),
                "templates_test", 1);
        NotifySettings notify = new NotifySettings(true, new NotifySettings.Smtp("127.0.0.1", mail.getSmtp().getPort(),
                "NONE", null, null, "billing@tollgrid.test", Duration.ofSeconds(5)), null, Duration.ofSeconds(5), 3,
                Duration.ofMillis(200), Duration.ofMillis(400), 100, 2, Duration.ofMillis(200), Duration.ofSeconds(20),
                Duration.ofHours(24), true, LIMITS);
        gateway = Gateway.start(settings, notify);
        session = cassandra.openSession();
        cdrs = CdrStore.open(session, "templates_test", 1);

        admin("/admin/rate-plans", "{\"planId\":\"tt-flat\",\"pricePerMinute\":\"0.03\"}");
        for (String tenant : List.of("tt-a", "tt-b", "tt-c")) {
            admin("/admin/tenants", "{\"tenantId\":\"" + tenant + "\",\"name\":\"" + tenant + "\",\"apiKey\":\""
                    + tenant + "-tenant-key-0001\"}");
        }
        for (String account : List.of("tt-a-1", "tt-a-2", "tt-b-1", "tt-c-1")) {
            admin("/admin/accounts", "{\"tenantId\":\"" + account.substring(0, 4) + "\",\"accountId\":\"" + account
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"tt-flat\",\"balance\":\"10\",\"lowBalanceThreshold\":\"5\"}");
        }
        adminA = principalKey("tt-a-admin", "tt-a");
        adminB = principalKey("tt-b-admin", "tt-b");
        adminC = principalKey("tt-c-admin", "tt-c");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.close();
        }
        if (session != null) {
            session.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void aTenantsTemplateShapesItsEmailsAndNoOtherTenants() throws Exception {
        for (String tenant : List.of("tt-a", "tt-b")) {
            String admin = tenant.equals("tt-a") ? adminA : adminB;
            assertEquals(201, post("/admin/notification-rules", admin, new JsonObject().put("tenantId", tenant)
                    .put("ruleId", "low").put("event", "LOW_BALANCE").put("email", to("low@" + tenant + ".test")))
                    .status());
        }
        Reply set = post("/admin/notification-templates", adminA, new JsonObject().put("tenantId", "tt-a")
                .put("event", "LOW_BALANCE").put("subject", "Guthaben von {{account}}: {{ balance }} {{currency}}")
                .put("body", "Konto {{account}} hat nur noch {{balance}} {{currency}} (Schwelle {{threshold}}).\n"));
        assertEquals(201, set.status(), set.body());
        assertEquals(false, set.json().getBoolean("builtIn"));

        adjust("tt-a-1", "tt-low-a", "-6");
        adjust("tt-b-1", "tt-low-b", "-6");
        await(() -> mailsTo("low@tt-a.test").size() == 1 && mailsTo("low@tt-b.test").size() == 1, "both tenants' emails");
        MimeMessage ours = mailsTo("low@tt-a.test").get(0);
        // The event's amounts come as the grid has them, every micro.
        assertEquals("Guthaben von tt-a-1: 4.000000 EUR", ours.getSubject());
        assertEquals("Konto tt-a-1 hat nur noch 4.000000 EUR (Schwelle 5.000000).", ((String) ours.getContent()).strip());
        MimeMessage theirs = mailsTo("low@tt-b.test").get(0);
        assertEquals("Low balance on account tt-b-1: 4.000000 EUR", theirs.getSubject(), "B has no template: the built-in one");
        assertTrue(((String) theirs.getContent()).contains("below its threshold of 5.000000"));

        // Removed, the built-in text applies again.
        assertEquals(200, post("/admin/notification-templates/LOW_BALANCE/remove", adminA,
                new JsonObject().put("tenantId", "tt-a")).status());
        adjust("tt-a-2", "tt-low-a2", "-6");
        await(() -> mailsTo("low@tt-a.test").size() == 2, "the second email");
        assertEquals("Low balance on account tt-a-2: 4.000000 EUR", mailsTo("low@tt-a.test").get(1).getSubject());
        assertEquals(404, post("/admin/notification-templates/LOW_BALANCE/remove", adminA,
                new JsonObject().put("tenantId", "tt-a")).status(), "nothing left to remove");
    }

    @Test
    void theHtmlPartEscapesTheEventsValues() throws Exception {
        assertEquals(201, post("/admin/notification-rules", adminA, new JsonObject().put("tenantId", "tt-a")
                .put("ruleId", "long").put("event", "LONG_CALL").put("accountId", "tt-a-2").put("thresholdSeconds", 3600)
                .put("email", to("noc@tt-a.test"))).status());
        Reply set = post("/admin/notification-templates", adminA, new JsonObject().put("tenantId", "tt-a")
                .put("event", "LONG_CALL").put("subject", "{{durationSeconds}} s to {{callee}}")
                .put("body", "Call {{callId}} to {{callee}}.").put("html", "<p>Call to <b>{{callee}}</b></p>"));
        assertEquals(201, set.status(), set.body());
        String callee = "<script>alert(\"1&2\")</script>";
        Instant end = Instant.now();
        cdrs.write(new RatedCdr("tt-a", "tt-a-2", "tt-long-1", "1001", callee, end.minusSeconds(4000),
                end.minusSeconds(4000), end, 4000, 4000, "ANSWERED", "tt-flat", Money.parse("2.00"), "EUR", "test", "raw"))
                .toCompletableFuture().join();
        gateway.notifier().orElseThrow().passNow();
        await(() -> mailsTo("noc@tt-a.test").size() == 1, "the long call's email");
        MimeMessage email = mailsTo("noc@tt-a.test").get(0);
        assertEquals("4000 s to " + callee, email.getSubject());
        Multipart alternative = (Multipart) email.getContent();
        assertTrue(alternative.getContentType().startsWith("multipart/alternative"), alternative.getContentType());
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertTrue(text.isMimeType("text/plain"), text.getContentType());
        assertEquals("Call tt-long-1 to " + callee + ".", text.getContent());
        assertTrue(html.isMimeType("text/html"), html.getContentType());
        assertEquals("<p>Call to <b>&lt;script&gt;alert(&quot;1&amp;2&quot;)&lt;/script&gt;</b></p>", html.getContent());
    }

    @Test
    void anotherTenantSeesAndChangesNoneOfTheTemplates() {
        Reply set = post("/admin/notification-templates", adminA, new JsonObject().put("tenantId", "tt-a")
                .put("event", "INVOICE_OVERDUE").put("subject", "Mahnung {{number}}").put("body", "{{outstanding}} offen"));
        assertEquals(201, set.status(), set.body());
        String before = get("/admin/notification-templates?tenantId=tt-a", adminA).body();
        assertTrue(before.contains("Mahnung {{number}}"), before);

        assertEquals(404, get("/admin/notification-templates?tenantId=tt-a", adminB).status());
        assertEquals(404, get("/admin/notification-templates?tenantId=tt-a&event=INVOICE_OVERDUE", adminB).status());
        assertEquals(404, post("/admin/notification-templates", adminB, new JsonObject().put("tenantId", "tt-a")
                .put("event", "INVOICE_OVERDUE").put("subject", "hijacked").put("body", "hijacked")).status());
        assertEquals(404, post("/admin/notification-templates/INVOICE_OVERDUE/remove", adminB,
                new JsonObject().put("tenantId", "tt-a")).status());
        assertEquals(401, get("/admin/notification-templates?tenantId=tt-a", "tt-a-tenant-key-0001").status());

        // B sees only the built-in texts; A's are as they were.
        JsonArray theirs = get("/admin/notification-templates?tenantId=tt-b&event=INVOICE_OVERDUE", adminB).json()
                .getJsonArray("templates");
        assertEquals(1, theirs.size());
        assertEquals(true, theirs.getJsonObject(0).getBoolean("builtIn"));
        assertEquals("Invoice {{number}} is overdue", theirs.getJsonObject(0).getString("subject"));
        assertEquals(before, get("/admin/notification-templates?tenantId=tt-a", adminA).body());
        assertTrue(get("/admin/notification-templates?tenantId=tt-a", ADMIN_KEY).body().contains("Mahnung"));
    }

    @Test
    void badTemplatesAreRefusedAndChangeNothing() {
        assertEquals(201, post("/admin/notification-templates", adminA, template("EXPENSIVE_CALL", "Teuer {{cost}}",
                "{{callee}}")).status());
        String before = get("/admin/notification-templates?tenantId=tt-a", adminA).body();
        List<JsonObject> unprocessable = List.of(
                template("EXPENSIVE_CALL", "{{balance}}", "b"),
                template("EXPENSIVE_CALL", "s", "{{outstanding}}"),
                template("EXPENSIVE_CALL", "s", "b").put("html", "<p>{{password}}</p>"),
                template("EXPENSIVE_CALL", "s", "{{callee"),
                template("EXPENSIVE_CALL", "s", "{{ callee.length }}"),
                template("EXPENSIVE_CALL", "s", "{{#if cost}}x{{/if}}"),
                template("EXPENSIVE_CALL", "line\nbreak", "b"));
        for (JsonObject body : unprocessable) {
            Reply reply = post("/admin/notification-templates", adminA, body);
            assertEquals(422, reply.status(), body.encode() + " -> " + reply.body());
        }
        assertEquals("PLACEHOLDER_UNKNOWN", post("/admin/notification-templates", adminA,
                template("EXPENSIVE_CALL", "{{balance}}", "b")).json().getJsonObject("error").getString("code"));
        List<JsonObject> invalid = List.of(
                template("NOT_AN_EVENT", "s", "b"),
                template("EXPENSIVE_CALL", "s".repeat(201), "b"),
                template("EXPENSIVE_CALL", "s", "b".repeat(10_001)),
                template("EXPENSIVE_CALL", "s", ""),
                template("EXPENSIVE_CALL", "   ", "b"),
                template("EXPENSIVE_CALL", "s", "b").put("colour", "blue"),
                new JsonObject().put("tenantId", "tt-a").put("event", "EXPENSIVE_CALL").put("subject", "s"));
        for (JsonObject body : invalid) {
            Reply reply = post("/admin/notification-templates", adminA, body);
            assertEquals(400, reply.status(), body.encode() + " -> " + reply.body());
        }
        assertEquals(400, post("/admin/notification-templates/NOT_AN_EVENT/remove", adminA,
                new JsonObject().put("tenantId", "tt-a")).status());
        assertEquals(before, get("/admin/notification-templates?tenantId=tt-a", adminA).body(), "nothing changed");
    }

    @Test
    void sendsOverTheLimitsAreRecordedThrottledAndCounted() throws Exception {
        Notifier notifier = gateway.notifier().orElseThrow();
        long throttledBefore = notifier.throttled();
        // Three receivers, three long calls each: nine deliveries. Each receiver may have 2 and the tenant 5 an hour,
        // so whatever the order, exactly 5 are sent and 4 held back.
        for (String receiver : List.of("x", "y", "z")) {
            assertEquals(201, post("/admin/notification-rules", adminC, new JsonObject().put("tenantId", "tt-c")
                    .put("ruleId", "long-" + receiver).put("event", "LONG_CALL").put("thresholdSeconds", 60)
                    .put("email", to(receiver + "@tt-c.test"))).status());
        }
        Instant end = Instant.now();
        for (int i = 1; i <= 3; i++) {
            cdrs.write(new RatedCdr("tt-c", "tt-c-1", "tt-c-call-" + i, "1001", "442071234567", end.minusSeconds(120),
                    end.minusSeconds(120), end, 120, 120, "ANSWERED", "tt-flat", Money.parse("0.06"), "EUR", "test",
                    "raw")).toCompletableFuture().join();
        }
        notifier.passNow();
        await(() -> deliveries("tt-c", adminC).stream().filter(d -> !d.getString("state").equals("PENDING")).count() == 9,
                "all nine deliveries settled");
        List<JsonObject> log = deliveries("tt-c", adminC);
        List<JsonObject> throttled = log.stream().filter(d -> d.getString("state").equals("THROTTLED")).toList();
        assertEquals(5, log.stream().filter(d -> d.getString("state").equals("DELIVERED")).count(), log.toString());
        assertEquals(4, throttled.size(), log.toString());
        throttled.forEach(d -> {
            assertTrue(d.getString("lastError").startsWith("throttled: "), d.encode());
            assertEquals(0, d.getInteger("attempts"), "a held-back delivery was never tried");
        });
        Thread.sleep(400);
        long sent = Arrays.stream(mail.getReceivedMessages()).filter(m -> recipients(m).endsWith("@tt-c.test")).count();
        assertEquals(5, sent, "five emails reached the SMTP server");
        for (String receiver : List.of("x", "y", "z")) {
            assertTrue(mailsTo(receiver + "@tt-c.test").size() <= 2, receiver + " had at most two");
        }
        assertEquals(throttledBefore + 4, notifier.throttled());
        String metrics = get("/metrics", ADMIN_KEY).body();
        assertTrue(metrics.contains("tollgrid_notify_deliveries_total{outcome=\"throttled\",} " + (throttledBefore + 4.0))
                || metrics.contains("tollgrid_notify_deliveries_total{outcome=\"throttled\"} " + (throttledBefore + 4.0)),
                metrics.lines().filter(l -> l.contains("notify")).toList().toString());
        // A throttled delivery is final: another pass over the same CDRs sends nothing more.
        notifier.passNow();
        Thread.sleep(600);
        assertEquals(sent, Arrays.stream(mail.getReceivedMessages()).filter(m -> recipients(m).endsWith("@tt-c.test"))
                .count());
    }

    // ---- helpers ----

    private static JsonObject template(String event, String subject, String body) {
        return new JsonObject().put("tenantId", "tt-a").put("event", event).put("subject", subject).put("body", body);
    }

    private static JsonObject to(String address) {
        return new JsonObject().put("to", new JsonArray().add(address));
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients()).replace("]", "").replace("[", "");
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> recipients(m).equals(address)).toList();
    }

    private static List<JsonObject> deliveries(String tenant, String key) {
        Reply reply = get("/admin/notification-deliveries?tenantId=" + tenant + "&day="
                + LocalDate.now(ZoneOffset.UTC), key);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("deliveries").stream().map(JsonObject.class::cast).toList();
    }

    private static void adjust(String account, String transferId, String amount) {
        Reply reply = post("/admin/accounts/" + account + "/transfers", ADMIN_KEY, new JsonObject()
                .put("transferId", transferId).put("kind", "ADJUSTMENT").put("amount", amount));
        assertTrue(reply.status() < 300, reply.body());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 20 s: " + what + "; mails " + mail.getReceivedMessages().length);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String principalKey(String id, String tenant) {
        admin("/admin/principals", new JsonObject().put("principalId", id).put("role", "RESELLER_ADMIN").put("name", id)
                .put("tenantId", tenant).encode());
        Reply key = post("/admin/principals/" + id + "/keys", ADMIN_KEY, new JsonObject().put("name", "templates"));
        assertEquals(201, key.status(), key.body());
        return key.json().getString("key");
    }

    private static void admin(String path, String body) {
        Reply reply = post(path, ADMIN_KEY, new JsonObject(body));
        assertEquals(201, reply.status(), path + " " + body + " -> " + reply.body());
    }

    record Reply(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private static Reply post(String path, String bearer, JsonObject body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private static Reply get(String path, String bearer) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer).GET());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
