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
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.ignite.Ignite;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Notifications end to end on a real grid node, a real Cassandra, a real SMTP server in this JVM (GreenMail) and a real
 * HTTPS webhook receiver (Vert.x, with a certificate made here by keytool and trusted through notify.webhook.trust.pem):
 * rules over the admin API, low-balance events from the grid, an issued invoice's PDF, a long call from its CDR, a
 * failing webhook retried and given up, a restart that resends nothing, another tenant that sees nothing, and bad rules
 * refused without a change. Every message is read back.
 */
@ExtendWith(CassandraExtension.class)
class NotificationsTest {
    private static final String ADMIN_KEY = "notify-admin-key-0123456789";
    private static final String SECRET = "a-webhook-secret-of-at-least-32-chars";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Hook> HOOKS = new CopyOnWriteArrayList<>();

    private static GreenMail mail;
    private static Vertx vertx;
    private static int hookPort;
    private static Ignite server;
    private static GatewaySettings settings;
    private static NotifySettings notify;
    private static Gateway gateway;
    private static CqlSession session;
    private static String adminA;
    private static String adminB;

    record Hook(String path, String signature, String delivery, String event, String body) {
    }

    @BeforeAll
    static void start(CassandraEndpoint cassandra) throws Exception {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        Path tls = Files.createTempDirectory("notify-tls");
        keytool("-genkeypair", "-alias", "hook", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", tls.resolve("hook.p12").toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "hook", "-keystore", tls.resolve("hook.p12").toString(),
                "-storepass", "changeit", "-file", tls.resolve("hook.pem").toString());
        vertx = Vertx.vertx();
        HttpServer receiver = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                        .setKeyCertOptions(new PfxOptions().setPath(tls.resolve("hook.p12").toString()).setPassword("changeit")))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    HOOKS.add(new Hook(request.path(), request.getHeader(Webhooks.SIGNATURE),
                            request.getHeader(Webhooks.DELIVERY), request.getHeader(Webhooks.EVENT), body.toString()));
                    request.response().setStatusCode(request.path().startsWith("/fail") ? 503 : 204).end();
                }))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hookPort = receiver.actualPort();

        GridSettings grid = TestGrids.settings("notify-test-server");
        server = GridNodes.startServer(grid);
        settings = new GatewaySettings("127.0.0.1", 0, 16 * 1024, Duration.ofSeconds(5), ADMIN_KEY,
                new OperatorSwitches(List.of("notify-switch-key-0001"), Set.of(), 0),
                grid.withInstanceName("notify-test-gateway"), CassandraConnection.parse(cassandra.spec()), "notify_test", 1);
        notify = new NotifySettings(true, new NotifySettings.Smtp("127.0.0.1", mail.getSmtp().getPort(), "NONE", null,
                null, "billing@tollgrid.test", Duration.ofSeconds(5)), tls.resolve("hook.pem").toString(),
                Duration.ofSeconds(5), 3, Duration.ofMillis(200), Duration.ofMillis(400), 100, 2, Duration.ofMillis(200),
                Duration.ofSeconds(20), Duration.ofHours(24), true, NotifySettings.Throttle.DEFAULT);
        gateway = Gateway.start(settings, notify);
        session = cassandra.openSession();

        admin("/admin/rate-plans", "{\"planId\":\"nt-flat\",\"pricePerMinute\":\"0.03\"}");
        for (String tenant : List.of("nt-a", "nt-b")) {
            admin("/admin/tenants", "{\"tenantId\":\"" + tenant + "\",\"name\":\"" + tenant + "\",\"apiKey\":\""
                    + tenant + "-tenant-key-0001\"}");
        }
        for (String account : List.of("nt-a-1", "nt-a-2", "nt-a-3", "nt-b-1")) {
            admin("/admin/accounts", "{\"tenantId\":\"" + account.substring(0, 4) + "\",\"accountId\":\"" + account
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"nt-flat\",\"balance\":\"10\",\"lowBalanceThreshold\":\"5\"}");
        }
        adminA = principalKey("nt-a-admin", "nt-a");
        adminB = principalKey("nt-b-admin", "nt-b");
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
        if (vertx != null) {
            vertx.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void lowBalanceSendsOneEmailAndOneSignedWebhookAndARestartResendsNothing() throws Exception {
        Reply rule = post("/admin/notification-rules", adminA, new JsonObject().put("tenantId", "nt-a").put("ruleId", "low")
                .put("event", "LOW_BALANCE").put("email", new JsonObject().put("to", new JsonArray().add("ops@a.test")))
                .put("webhook", new JsonObject().put("url", "https://localhost:" + hookPort + "/ok/a").put("secret", SECRET)));
        assertEquals(201, rule.status(), rule.body());
        assertTrue(!rule.body().contains(SECRET), "the secret is never shown back");

        adjust("nt-a-1", "low-1", "-6");
        await(() -> mailsAbout("nt-a-1").size() == 1 && hooksAt("/ok/a").size() == 1, "one email and one webhook");
        await(() -> deliveries("nt-a", adminA).stream().filter(d -> d.getString("ruleId").equals("low")
                && d.getString("state").equals("DELIVERED")).count() == 2, "both deliveries recorded as DELIVERED");

        MimeMessage email = mailsAbout("nt-a-1").get(0);
        assertEquals("ops@a.test", email.getAllRecipients()[0].toString());
        assertEquals("billing@tollgrid.test", email.getFrom()[0].toString());
        assertTrue(email.getSubject().startsWith("Low balance on account nt-a-1: 4"), email.getSubject());
        String text = (String) email.getContent();
        assertTrue(text.contains("below its threshold of 5"), text);

        Hook hook = hooksAt("/ok/a").get(0);
        JsonObject body = new JsonObject(hook.body());
        assertEquals("LOW_BALANCE", hook.event());
        assertEquals(body.getString("id"), hook.delivery(), "the idempotency key is in the header and the body");
        assertEquals("nt-a-1", body.getString("accountId"));
        assertEquals(0, Money.parse(body.getJsonObject("data").getString("balance")).compareTo(Money.parse("4")));
        assertSigned(hook, SECRET);

        // Restart the gateway (and its notifier): the event is scanned again and nothing is sent twice.
        gateway.close();
        gateway = Gateway.start(settings, notify);
        adjust("nt-a-2", "low-2", "-6");
        await(() -> mailsAbout("nt-a-2").size() == 1 && hooksAt("/ok/a").size() == 2, "the restarted notifier works");
        Thread.sleep(600);
        assertEquals(1, mailsAbout("nt-a-1").size(), "no second email after the restart");
        assertEquals(1, hooksAt("/ok/a").stream().filter(h -> h.body().contains("\"nt-a-1\"")).count(),
                "no second webhook after the restart");
    }

    @Test
    void aFailingWebhookIsRetriedThenGivenUpWithItsReason() {
        Reply rule = post("/admin/notification-rules", adminA, new JsonObject().put("tenantId", "nt-a").put("ruleId", "fails")
                .put("event", "LOW_BALANCE").put("accountId", "nt-a-3")
                .put("webhook", new JsonObject().put("url", "https://localhost:" + hookPort + "/fail")));
        assertEquals(201, rule.status(), rule.body());
        String secret = rule.json().getJsonObject("webhook").getString("secret");
        assertTrue(secret.startsWith("whsec_") && secret.length() == 70, "a secret is made and shown once: " + secret);
        assertTrue(!get("/admin/notification-rules?tenantId=nt-a", adminA).body().contains(secret));

        adjust("nt-a-3", "low-3", "-6");
        await(() -> deliveries("nt-a", adminA).stream().anyMatch(d -> d.getString("ruleId").equals("fails")
                && d.getString("state").equals("FAILED")), "the failing webhook given up");
        JsonObject failed = deliveries("nt-a", adminA).stream().filter(d -> d.getString("ruleId").equals("fails"))
                .findFirst().orElseThrow();
        assertEquals(3, failed.getInteger("attempts"));
        assertTrue(failed.getString("lastError").contains("HTTP 503"), failed.encode());
        assertEquals(3, hooksAt("/fail").size(), "tried exactly three times");
        hooksAt("/fail").forEach(hook -> assertSigned(hook, secret));
        assertEquals(1, hooksAt("/fail").stream().map(Hook::delivery).distinct().count(), "one key for every attempt");
    }

    @Test
    void anIssuedInvoiceIsMailedWithItsPdf() throws Exception {
        assertEquals(201, post("/admin/notification-rules", adminA, new JsonObject().put("tenantId", "nt-a")
                .put("ruleId", "invoices").put("event", "INVOICE_ISSUED").put("accountId", "nt-a-1")
                .put("email", new JsonObject().put("to", new JsonArray().add("billing@customer.test")))).status());
        admin("/admin/tax-rules", "{\"tenantId\":\"nt-a\",\"jurisdiction\":\"XX\",\"name\":\"VAT\",\"rate\":\"20\","
                + "\"treatment\":\"EXCLUSIVE\",\"rounding\":\"PER_INVOICE_HALF_UP\"}");
        admin("/admin/accounts/nt-a-1/billing-profile", "{\"cadence\":\"MONTHLY\",\"anchorDay\":1,\"zone\":\"UTC\","
                + "\"jurisdiction\":\"XX\"}");
        Reply run = post("/admin/invoice-runs", ADMIN_KEY, new JsonObject().put("tenantId", "nt-a").put("accountId", "nt-a-1"));
        assertEquals(200, run.status(), run.body());
        long number = run.json().getJsonArray("issued").getJsonObject(0).getLong("number");

        await(() -> mailsTo("billing@customer.test").size() == 1, "the invoice email");
        MimeMessage email = mailsTo("billing@customer.test").get(0);
        assertEquals("Invoice " + number + " for account nt-a-1", email.getSubject());
        Multipart parts = (Multipart) email.getContent();
        assertEquals(2, parts.getCount());
        BodyPart pdf = parts.getBodyPart(1);
        assertEquals("invoice-" + number + ".pdf", pdf.getFileName());
        assertTrue(pdf.getContentType().startsWith("application/pdf"), pdf.getContentType());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        pdf.getInputStream().transferTo(bytes);
        try (PDDocument document = Loader.loadPDF(bytes.toByteArray())) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("nt-a-1"), text);
        }
        // A second run changes nothing, so nothing more is mailed.
        assertEquals(200, post("/admin/invoice-runs", ADMIN_KEY, new JsonObject().put("tenantId", "nt-a")
                .put("accountId", "nt-a-1")).status());
        Thread.sleep(600);
        assertEquals(1, mailsTo("billing@customer.test").size());
    }

    @Test
    void aLongCallIsAlertedFromItsRatedCdrOnce() throws Exception {
        assertEquals(201, post("/admin/notification-rules", adminA, new JsonObject().put("tenantId", "nt-a")
                .put("ruleId", "long").put("event", "LONG_CALL").put("thresholdSeconds", 3600)
                .put("email", new JsonObject().put("to", new JsonArray().add("noc@a.test")))).status());
        CdrStore cdrs = CdrStore.open(session, "notify_test", 1);
        // Ended after the rule was made: a rule covers events from its creation on.
        Instant end = Instant.now();
        cdrs.write(new RatedCdr("nt-a", "nt-a-2", "long-call-1", "1001", "442071234567", end.minusSeconds(4000),
                end.minusSeconds(4000), end, 4000, 4000, "ANSWERED", "nt-flat", Money.parse("2.00"), "EUR", "test", "raw"))
                .toCompletableFuture().join();
        cdrs.write(new RatedCdr("nt-a", "nt-a-2", "short-call-1", "1001", "442071234567", end.minusSeconds(60),
                end.minusSeconds(60), end, 60, 60, "ANSWERED", "nt-flat", Money.parse("0.03"), "EUR", "test", "raw"))
                .toCompletableFuture().join();
        Notifier notifier = gateway.notifier().orElseThrow();
        notifier.passNow();
        await(() -> mailsTo("noc@a.test").size() == 1, "the long call's alert");
        assertEquals("Long call on account nt-a-2: 4000 s", mailsTo("noc@a.test").get(0).getSubject());
        notifier.passNow();
        Thread.sleep(400);
        assertEquals(1, mailsTo("noc@a.test").size(), "a second pass over the same CDRs sends nothing");
    }

    @Test
    void anotherTenantSeesAndChangesNoneOfTheRulesOrDeliveries() {
        assertEquals(201, post("/admin/notification-rules", adminA, new JsonObject().put("tenantId", "nt-a")
                .put("ruleId", "iso").put("event", "INVOICE_OVERDUE")
                .put("email", new JsonObject().put("to", new JsonArray().add("iso@a.test")))).status());
        String rulesBefore = get("/admin/notification-rules?tenantId=nt-a", adminA).body();
        assertEquals(404, get("/admin/notification-rules?tenantId=nt-a", adminB).status());
        assertEquals(404, get("/admin/notification-deliveries?tenantId=nt-a", adminB).status());
        assertEquals(404, post("/admin/notification-rules", adminB, new JsonObject().put("tenantId", "nt-a")
                .put("ruleId", "iso").put("event", "LOW_BALANCE")
                .put("email", new JsonObject().put("to", new JsonArray().add("spy@b.test")))).status());
        assertEquals(404, post("/admin/notification-rules/iso/remove", adminB, new JsonObject().put("tenantId", "nt-a"))
                .status());
        Reply foreignAccount = post("/admin/notification-rules", adminB, new JsonObject().put("tenantId", "nt-b")
                .put("ruleId", "spy").put("event", "LOW_BALANCE").put("accountId", "nt-a-1")
                .put("email", new JsonObject().put("to", new JsonArray().add("spy@b.test"))));
        assertEquals(404, foreignAccount.status(), foreignAccount.body());
        assertEquals("ACCOUNT_UNKNOWN", foreignAccount.json().getJsonObject("error").getString("code"));
        assertEquals(401, get("/admin/notification-rules?tenantId=nt-a", "nt-a-tenant-key-0001").status());

        // B's own view is empty, whatever A has; A's rules are as they were.
        assertEquals(0, get("/admin/notification-rules?tenantId=nt-b", adminB).json().getJsonArray("rules").size());
        assertEquals(List.of(), deliveries("nt-b", adminB));
        assertEquals(rulesBefore, get("/admin/notification-rules?tenantId=nt-a", adminA).body());
        assertTrue(get("/admin/notification-rules?tenantId=nt-a", ADMIN_KEY).body().contains("\"iso\""));
    }

    @Test
    void badRulesAreRefusedAndChangeNothing() {
        assertEquals(201, post("/admin/notification-rules", adminA, rule("keep", "LOW_BALANCE")
                .put("email", new JsonObject().put("to", new JsonArray().add("keep@a.test")))).status());
        String before = get("/admin/notification-rules?tenantId=nt-a", adminA).body();
        List<JsonObject> bad = List.of(
                rule("keep", "NOT_AN_EVENT").put("email", to("x@a.test")),
                rule("keep", "LONG_CALL").put("email", to("x@a.test")),
                rule("keep", "LOW_BALANCE").put("thresholdSeconds", 60).put("email", to("x@a.test")),
                rule("keep", "EXPENSIVE_CALL").put("thresholdAmount", "0").put("email", to("x@a.test")),
                rule("keep", "EXPENSIVE_CALL").put("thresholdAmount", "1.5e3").put("email", to("x@a.test")),
                rule("keep", "LOW_BALANCE"),
                rule("keep", "LOW_BALANCE").put("email", to("not-an-address")),
                rule("keep", "LOW_BALANCE").put("email", to("a@b@c.test")),
                rule("keep", "LOW_BALANCE").put("email", to("Someone <x@a.test>")),
                rule("keep", "LOW_BALANCE").put("email", new JsonObject().put("to", new JsonArray().add("x@a.test").add("x@a.test"))),
                rule("keep", "LOW_BALANCE").put("email", new JsonObject().put("to", new JsonArray())),
                rule("keep", "LOW_BALANCE").put("webhook", new JsonObject().put("url", "http://localhost/plain")),
                rule("keep", "LOW_BALANCE").put("webhook", new JsonObject().put("url", "https://user:pw@localhost/x")),
                rule("keep", "LOW_BALANCE").put("webhook", new JsonObject().put("url", "https://localhost/x").put("secret", "short")),
                rule("keep", "LOW_BALANCE").put("email", to("x@a.test")).put("colour", "blue"),
                rule("bad rule/id", "LOW_BALANCE").put("email", to("x@a.test")));
        for (JsonObject body : bad) {
            Reply reply = post("/admin/notification-rules", adminA, body);
            assertEquals(400, reply.status(), body.encode() + " -> " + reply.body());
        }
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 11; i++) {
            tooMany.add("r" + i + "@a.test");
        }
        assertEquals(400, post("/admin/notification-rules", adminA, rule("keep", "LOW_BALANCE")
                .put("email", new JsonObject().put("to", tooMany))).status());
        assertEquals(404, post("/admin/notification-rules/none/remove", adminA, new JsonObject().put("tenantId", "nt-a"))
                .status());
        assertEquals(before, get("/admin/notification-rules?tenantId=nt-a", adminA).body(), "nothing changed");
    }

    // ---- helpers ----

    private static JsonObject rule(String ruleId, String event) {
        return new JsonObject().put("tenantId", "nt-a").put("ruleId", ruleId).put("event", event);
    }

    private static JsonObject to(String address) {
        return new JsonObject().put("to", new JsonArray().add(address));
    }

    private static void assertSigned(Hook hook, String secret) {
        String[] parts = hook.signature().split(",");
        long t = Long.parseLong(parts[0].substring(2));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 120, "a fresh timestamp");
        assertEquals(Webhooks.signature(secret, t, hook.body()), hook.signature());
        // Computed here again without the sender's code: HMAC-SHA256 over "t.body".
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            String expected = java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + hook.body())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals("v1=" + expected, parts[1]);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The low-balance rule's emails (to ops@a.test) about the account. */
    private static List<MimeMessage> mailsAbout(String account) {
        return mailsTo("ops@a.test").stream().filter(m -> {
            try {
                return m.getSubject().contains("account " + account + ":");
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static List<Hook> hooksAt(String path) {
        return HOOKS.stream().filter(hook -> hook.path().equals(path)).toList();
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
                fail("not within 20 s: " + what + "; mails " + mail.getReceivedMessages().length + ", hooks " + HOOKS);
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
        Reply key = post("/admin/principals/" + id + "/keys", ADMIN_KEY, new JsonObject().put("name", "notify"));
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

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + ": " + output);
    }
}
