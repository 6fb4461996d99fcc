package io.tollgrid.ops.e2e;

import io.tollgrid.gateway.Gateway;
import io.tollgrid.gateway.GatewaySettings;
import io.tollgrid.gateway.calls.OperatorSwitches;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may use the switch API, who pays, and what a switch gets when the grid does not answer. The gateway
 * here trusts no address, only the operator's key, so every tenant switch must be registered.
 */
@ExtendWith(CassandraExtension.class)
class SwitchAccessEndToEndTest {
    private static final String ADMIN_KEY = "switch-admin-key-0123456789";
    private static final String OPERATOR_SWITCH = "operator-switch-key-0001";
    private static final String SWITCH_A = "tenant-a-switch-key-0001";
    private static final String SWITCH_B = "tenant-b-switch-key-0001";
    private static final String TRUSTED_TRUNK_A = "tenant-a-trusted-trunk-01";
    private static final String IMPATIENT_SWITCH_A = "tenant-a-impatient-sw-01";
    private static final AtomicInteger IDS = new AtomicInteger();

    private static Ignite server;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        GridSettings grid = TestGrids.settings("switch-server");
        server = GridNodes.startServer(grid);
        gateway = Gateway.start(new GatewaySettings("127.0.0.1", 0, 16 * 1024, Duration.ofSeconds(5), ADMIN_KEY,
                new OperatorSwitches(List.of(OPERATOR_SWITCH), Set.of(), 0), grid.withInstanceName("switch-gateway"),
                CassandraConnection.parse(cassandra.spec()), "switch_e2e", 1));
        http = new Http("http://127.0.0.1:" + gateway.port());
        admin("/admin/tenants", "{\"tenantId\":\"sw-a\",\"name\":\"A\",\"apiKey\":\"sw-tenant-a-api-key-000\"}");
        admin("/admin/tenants", "{\"tenantId\":\"sw-a-customer\",\"name\":\"A's customer\",\"parentId\":\"sw-a\","
                + "\"apiKey\":\"sw-tenant-a-customer-key\"}");
        admin("/admin/tenants", "{\"tenantId\":\"sw-b\",\"name\":\"B\",\"apiKey\":\"sw-tenant-b-api-key-000\"}");
        admin("/admin/rate-plans", "{\"planId\":\"sw-flat\",\"pricePerMinute\":\"0.03\",\"connectFee\":\"0.01\","
                + "\"initialIncrementSeconds\":30,\"nextIncrementSeconds\":6}");
        admin("/admin/switches", "{\"tenantId\":\"sw-a\",\"key\":\"" + SWITCH_A + "\"}");
        admin("/admin/switches", "{\"tenantId\":\"sw-b\",\"key\":\"" + SWITCH_B + "\"}");
        admin("/admin/switches", "{\"tenantId\":\"sw-a\",\"key\":\"" + TRUSTED_TRUNK_A + "\",\"failOpenSeconds\":120,\"deadlineMs\":300}");
        admin("/admin/switches", "{\"tenantId\":\"sw-a\",\"key\":\"" + IMPATIENT_SWITCH_A + "\",\"deadlineMs\":300}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        server.close();
    }

    private static void admin(String path, String body) {
        Http.Reply reply = http.post(path, body, ADMIN_KEY);
        assertEquals(201, reply.status(), reply.body());
    }

    private static String newAccount(String tenant, String balance) {
        String id = "sw-" + IDS.incrementAndGet();
        admin("/admin/accounts", "{\"tenantId\":\"" + tenant + "\",\"accountId\":\"" + id
                + "\",\"currency\":\"EUR\",\"ratePlanId\":\"sw-flat\",\"balance\":\"" + balance + "\"}");
        return id;
    }

    private static Account account(String id) {
        return server.<String, Account>cache(Caches.ACCOUNTS).get(id);
    }

    private static String call(String callId, String account) {
        return "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}";
    }

    private static String stop(String callId, String account, long duration) {
        return "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\",\"durationSeconds\":" + duration + "}";
    }

    @Test
    void aSwitchWithoutAKnownKeyOrAddressIsRefusedAndChangesNothing() {
        String account = newAccount("sw-a", "1.00");

        Http.Reply noKey = http.post("/v1/calls/authorise", call("anon", account));
        Http.Reply wrongKey = http.postFromSwitch("/v1/calls/authorise", call("anon", account), "not-a-registered-key-000");

        assertEquals(401, noKey.status(), noKey.body());
        assertEquals("SWITCH_UNAUTHENTICATED", noKey.errorCode());
        assertEquals(401, wrongKey.status());
        assertEquals("SWITCH_UNAUTHENTICATED", wrongKey.errorCode());
        assertEquals(0, account(account).reservedMicros());
        assertEquals(null, server.cache(Caches.SESSIONS).get(new io.tollgrid.grid.session.SessionKey(account, "anon")));
    }

    @Test
    void aTenantsSwitchChargesItsOwnSubtreeAndSeesNoOtherTenant() {
        String own = newAccount("sw-a", "1.00");
        String customer = newAccount("sw-a-customer", "1.00");
        String foreign = newAccount("sw-b", "1.00");

        assertEquals("ALLOW", http.postFromSwitch("/v1/calls/authorise", call("own", own), SWITCH_A).json().getString("decision"));
        assertEquals("ALLOW", http.postFromSwitch("/v1/calls/authorise", call("sub", customer), SWITCH_A).json().getString("decision"));
        Http.Reply crossTenant = http.postFromSwitch("/v1/calls/authorise", call("steal", foreign), SWITCH_A);
        assertEquals(404, crossTenant.status(), crossTenant.body());
        assertEquals("ACCOUNT_UNKNOWN", crossTenant.errorCode());
        assertEquals(0, account(foreign).reservedMicros());

        // B's own call, which A's switch must not be able to stop (and so bill) or answer.
        assertEquals("ALLOW", http.postFromSwitch("/v1/calls/authorise", call("b-call", foreign), SWITCH_B).json().getString("decision"));
        long reserved = account(foreign).reservedMicros();
        Http.Reply foreignStop = http.postFromSwitch("/v1/calls/stop", stop("b-call", foreign, 600), SWITCH_A);
        Http.Reply foreignStart = http.postFromSwitch("/v1/calls/start", "{\"callId\":\"b-call\",\"account\":\"" + foreign + "\"}", SWITCH_A);
        assertEquals(404, foreignStop.status(), foreignStop.body());
        assertEquals("SESSION_UNKNOWN", foreignStop.errorCode());
        assertEquals(404, foreignStart.status());
        assertEquals(1_000_000, account(foreign).balanceMicros());
        assertEquals(reserved, account(foreign).reservedMicros());

        // The operator's switch reaches every tenant.
        Http.Reply operatorStop = http.postFromSwitch("/v1/calls/stop", stop("b-call", foreign, 60), OPERATOR_SWITCH);
        assertEquals("0.040000", operatorStop.json().getString("cost"));
    }

    @Test
    void theSwitchNamesThePayerByPinSipUserOrCallerPrefixAndTheAnswerCarriesTheAccount() {
        String cardAccount = newAccount("sw-a", "2.00");
        String trunkAccount = newAccount("sw-a", "2.00");
        String wideTrunk = newAccount("sw-a", "2.00");
        String pin = "7" + (100_000_000 + IDS.incrementAndGet());
        admin("/admin/identities", "{\"kind\":\"PIN\",\"value\":\"" + pin + "\",\"accountId\":\"" + cardAccount + "\"}");
        admin("/admin/identities", "{\"kind\":\"SIP_USER\",\"value\":\"alice-" + cardAccount + "\",\"accountId\":\"" + cardAccount + "\"}");
        admin("/admin/identities", "{\"kind\":\"PREFIX\",\"value\":\"3592900\",\"accountId\":\"" + trunkAccount + "\"}");
        admin("/admin/identities", "{\"kind\":\"PREFIX\",\"value\":\"35929\",\"accountId\":\"" + wideTrunk + "\"}");

        Http.Reply byPin = http.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"card-1\",\"pin\":\"" + pin + "\",\"callee\":\"442071234567\"}", SWITCH_A);
        Http.Reply bySipUser = http.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"sip-1\",\"sipUser\":\"alice-" + cardAccount + "\",\"callee\":\"442071234567\"}", SWITCH_A);
        Http.Reply byLongestPrefix = http.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"trunk-1\",\"caller\":\"+35929001234\",\"callee\":\"442071234567\"}", SWITCH_A);
        Http.Reply byShorterPrefix = http.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"trunk-2\",\"caller\":\"35929991234\",\"callee\":\"442071234567\"}", SWITCH_A);
        Http.Reply unknownPin = http.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"card-2\",\"pin\":\"000000\",\"callee\":\"442071234567\"}", SWITCH_A);
        Http.Reply otherTenantsPin = http.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"card-3\",\"pin\":\"" + pin + "\",\"callee\":\"442071234567\"}", SWITCH_B);

        assertEquals(cardAccount, byPin.json().getString("account"), byPin.body());
        assertEquals("ALLOW", byPin.json().getString("decision"));
        assertEquals(cardAccount, bySipUser.json().getString("account"));
        assertEquals(trunkAccount, byLongestPrefix.json().getString("account"));
        assertEquals(wideTrunk, byShorterPrefix.json().getString("account"));
        assertEquals(404, unknownPin.status());
        assertEquals("ACCOUNT_UNKNOWN", unknownPin.errorCode());
        assertEquals(404, otherTenantsPin.status(), otherTenantsPin.body());

        // The switch then uses the account it was given.
        Http.Reply stopped = http.postFromSwitch("/v1/calls/stop", stop("card-1", cardAccount, 60), SWITCH_A);
        assertEquals("0.040000", stopped.json().getString("cost"), stopped.body());
        Http.Reply taken = http.post("/admin/identities",
                "{\"kind\":\"PIN\",\"value\":\"" + pin + "\",\"accountId\":\"" + trunkAccount + "\"}", ADMIN_KEY);
        assertEquals(409, taken.status());
        assertEquals("IDENTITY_TAKEN", taken.errorCode());
    }

    @Test
    void aSourceAddressOnTheAllowListAuthenticatesWithoutAKey() throws Exception {
        String account = newAccount("sw-b", "1.00");
        admin("/admin/switches", "{\"tenantId\":\"sw-b\",\"sourceIp\":\"127.0.0.7\"}");

        String allowed = rawPost("127.0.0.7", "/v1/calls/authorise", call("by-ip", account));
        String refused = rawPost("127.0.0.8", "/v1/calls/authorise", call("by-ip-2", account));

        assertTrue(allowed.startsWith("HTTP/1.1 200"), allowed);
        assertTrue(allowed.contains("\"decision\":\"ALLOW\""), allowed);
        assertTrue(refused.startsWith("HTTP/1.1 401"), refused);
        assertTrue(refused.contains("SWITCH_UNAUTHENTICATED"), refused);
    }

    @Test
    void whenTheGridDoesNotAnswerATrustedTrunkFailsOpenAndIsBilledAtStopWhileOthersGet503() throws Exception {
        String account = newAccount("sw-a", "5.00");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Holding the account's lock makes the grid unable to answer for it, past the charging transaction's timeout.
        Thread holder = new Thread(() -> {
            IgniteCache<String, Account> accounts = server.cache(Caches.ACCOUNTS);
            try (Transaction tx = server.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, 20_000, 1)) {
                accounts.get(account);
                locked.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        locked.await();
        Http.Reply open;
        Http.Reply denied;
        long started = System.nanoTime();
        try {
            open = http.postFromSwitch("/v1/calls/authorise", call("blind", account), TRUSTED_TRUNK_A);
            denied = http.postFromSwitch("/v1/calls/authorise", call("careful", account), IMPATIENT_SWITCH_A);
            Thread.sleep(6_000); // past the charging transaction's 5 s lock timeout: the late authorise fails
        } finally {
            release.countDown();
            holder.join();
        }
        long answeredWithinMillis = (System.nanoTime() - started) / 1_000_000 - 6_000;
        assertTrue(answeredWithinMillis < 3_000, "both answers came after " + answeredWithinMillis + " ms");

        assertEquals(200, open.status(), open.body());
        assertEquals("ALLOW", open.json().getString("decision"));
        assertTrue(open.json().getBoolean("failOpen"));
        assertEquals(120, open.json().getLong("maxDurationSeconds"));
        assertEquals(account, open.json().getString("account"));
        assertEquals(503, denied.status(), denied.body());
        assertEquals("GRID_UNAVAILABLE", denied.errorCode());
        assertEquals("DENY", denied.json().getString("decision"));

        // An untrusted switch cannot bill a call the grid never saw; the trusted trunk's stop is reconciled when
        // it echoes the fail-open answer's instant, and a stop without it (an ordinary stop) is not.
        String failOpenAt = open.json().getString("failOpenAt");
        assertEquals(404, http.postFromSwitch("/v1/calls/stop", stop("careful", account, 30), IMPATIENT_SWITCH_A).status());
        assertEquals(404, http.postFromSwitch("/v1/calls/stop", stop("blind", account, 95), TRUSTED_TRUNK_A).status());
        String blindStop = "{\"callId\":\"blind\",\"account\":\"" + account + "\",\"durationSeconds\":95,"
                + "\"failOpenAt\":\"" + failOpenAt + "\"}";
        Http.Reply reconciled = http.postFromSwitch("/v1/calls/stop", blindStop, TRUSTED_TRUNK_A);
        assertEquals(200, reconciled.status(), reconciled.body());
        // 95 s on 30/6 -> 96 s; 0.01 + 96 x 0.0005 = 0.058.
        assertEquals("0.058000", reconciled.json().getString("cost"));
        Http.Reply again = http.postFromSwitch("/v1/calls/stop", blindStop, TRUSTED_TRUNK_A);
        assertTrue(again.json().getBoolean("replay"));
        // A fail-open stop dated beyond the retention of finished calls is refused: its first stop may be forgotten.
        String stale = java.time.Instant.parse(failOpenAt).minus(java.time.Duration.ofDays(2)).toString();
        Http.Reply tooLate = http.postFromSwitch("/v1/calls/stop", "{\"callId\":\"blind-old\",\"account\":\"" + account
                + "\",\"durationSeconds\":95,\"failOpenAt\":\"" + stale + "\"}", TRUSTED_TRUNK_A);
        assertEquals(404, tooLate.status(), tooLate.body());
        Http.Reply garbled = http.postFromSwitch("/v1/calls/stop", "{\"callId\":\"blind-x\",\"account\":\"" + account
                + "\",\"durationSeconds\":95,\"failOpenAt\":\"yesterday\"}", TRUSTED_TRUNK_A);
        assertEquals(400, garbled.status(), garbled.body());
        Account after = account(account);
        assertEquals(5_000_000 - 58_000, after.balanceMicros());
        assertEquals(0, after.reservedMicros());
        assertTrue(metrics().contains("tollgrid_authorise_fail_open_total 1.0"), "fail-open counted");
    }

    @Test
    void theOpenApiDocumentIsServedAndRequestsThatBreakItAreRefusedBeforeAnyHandler() {
        String account = newAccount("sw-a", "1.00");
        Http.Reply document = http.get("/openapi.yaml", null);
        assertEquals(200, document.status());
        assertTrue(document.body().startsWith("openapi: 3."), document.body().substring(0, 40));
        assertTrue(document.body().contains("operationId: authorise"));

        Http.Reply negative = http.postFromSwitch("/v1/calls/stop", stop("x", account, -5), SWITCH_A);
        Http.Reply fractional = http.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"x\",\"account\":\"" + account + "\",\"durationSeconds\":1.5}", SWITCH_A);
        Http.Reply hugeId = http.postFromSwitch("/v1/calls/authorise", call("c".repeat(300), account), SWITCH_A);
        Http.Reply badDirection = http.postFromSwitch("/v1/calls/authorise",
                "{\"callId\":\"d\",\"account\":\"" + account + "\",\"callee\":\"44\",\"direction\":\"sideways\"}", SWITCH_A);

        for (Http.Reply reply : List.of(negative, fractional, hugeId, badDirection)) {
            assertEquals(400, reply.status(), reply.body());
            assertEquals("INVALID_REQUEST", reply.errorCode(), reply.body());
        }
        assertTrue(negative.json().getJsonObject("error").getString("message").contains("durationSeconds")
                || negative.json().getJsonObject("error").getString("message").contains("minimum"), negative.body());
        assertEquals(0, account(account).reservedMicros());
        assertEquals(1_000_000, account(account).balanceMicros());
    }

    private static String metrics() {
        return http.get("/metrics", null).body();
    }

    /** An HTTP request from a chosen loopback address (every 127.x.y.z is this host on Linux). */
    private static String rawPost(String fromAddress, String path, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            return reply.toString(StandardCharsets.UTF_8);
        }
    }
}
