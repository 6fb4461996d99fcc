package io.tollgrid.gateway.auth;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Principals of every role, driven over HTTP: what each may do inside its reach, and that outside it everything answers
 * as missing and nothing changes. Tenants: reseller rl-r with customer tenant rl-c below it; rl-x another reseller.
 */
@ExtendWith(CassandraExtension.class)
class RolesTest {
    private static TestGateway gateway;
    private static String resellerKey;
    private static String enterpriseKey;
    private static String readOnlyKey;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("roles-test", cassandra);
        gateway.admin("/admin/tenants", "{\"tenantId\":\"rl-r\",\"name\":\"Reseller\",\"apiKey\":\"rl-reseller-legacy-key\",\"maxCalls\":50}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"rl-c\",\"name\":\"Customer\",\"parentId\":\"rl-r\",\"apiKey\":\"rl-customer-legacy-key\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"rl-x\",\"name\":\"Other\",\"apiKey\":\"rl-other-legacy-key-01\"}");
        gateway.admin("/admin/rate-plans", "{\"planId\":\"rl-flat\",\"pricePerMinute\":\"0.01\"}");
        for (String[] account : new String[][] {{"rl-r", "rl-r-1"}, {"rl-c", "rl-c-1"}, {"rl-c", "rl-c-2"}, {"rl-x", "rl-x-1"}}) {
            gateway.admin("/admin/accounts", "{\"tenantId\":\"" + account[0] + "\",\"accountId\":\"" + account[1]
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"rl-flat\",\"balance\":\"5.00\"}");
        }
        resellerKey = keyFor(TestGateway.ADMIN_KEY, "rl-r-admin", "RESELLER_ADMIN", "rl-r", null);
        enterpriseKey = keyFor(resellerKey, "rl-c-admin", "ENTERPRISE_ADMIN", "rl-c", null);
        readOnlyKey = keyFor(resellerKey, "rl-r-noc", "READ_ONLY", "rl-r", null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** Creates a principal as {@code creator} and issues it a key. */
    private static String keyFor(String creator, String id, String role, String tenant, String account) {
        JsonObject body = new JsonObject().put("principalId", id).put("role", role).put("name", id).put("tenantId", tenant);
        if (account != null) {
            body.put("accountId", account);
        }
        Reply created = gateway.post("/admin/principals", body.encode(), creator);
        assertEquals(201, created.status(), created.body());
        Reply key = gateway.post("/admin/principals/" + id + "/keys", "{\"name\":\"test\"}", creator);
        assertEquals(201, key.status(), key.body());
        return key.json().getString("key");
    }

    /** The audit log read at {@code path}, read again for up to 10 s until its text is {@code ready}; the last read. */
    private static JsonArray auditOnceHolding(String path, String key, java.util.function.Predicate<String> ready)
            throws InterruptedException {
        JsonArray entries = new JsonArray();
        for (int i = 0; i < 100; i++) {
            entries = gateway.get(path, key).json().getJsonArray("entries");
            if (ready.test(entries.encode())) {
                break;
            }
            Thread.sleep(100);
        }
        return entries;
    }

    private static void refused(int status, String code, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.errorCode(), reply.body());
    }

    @Test
    void aResellerAdminRunsItsSubtreeAndNothingElse() {
        Reply own = gateway.post("/admin/accounts", "{\"tenantId\":\"rl-c\",\"accountId\":\"rl-c-3\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"rl-flat\"}", resellerKey);
        assertEquals(201, own.status(), own.body());
        Reply subTenant = gateway.post("/admin/tenants", "{\"tenantId\":\"rl-c2\",\"name\":\"Second\",\"parentId\":\"rl-r\","
                + "\"maxCalls\":10,\"apiKey\":\"rl-second-legacy-key1\"}", resellerKey);
        assertEquals(201, subTenant.status(), subTenant.body());
        assertEquals(200, gateway.post("/admin/accounts/rl-c-2/status", "{\"status\":\"FROZEN\"}", resellerKey).status());
        assertEquals(AccountStatus.FROZEN, gateway.account("rl-c-2").status());

        refused(403, "OPERATOR_ONLY", gateway.post("/admin/accounts", "{\"tenantId\":\"rl-c\",\"accountId\":\"rl-c-rich\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"rl-flat\",\"balance\":\"1000000.00\"}", resellerKey));
        refused(403, "OPERATOR_ONLY", gateway.post("/admin/accounts", "{\"tenantId\":\"rl-c\",\"accountId\":\"rl-c-owes\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"rl-flat\",\"creditLimit\":\"500.00\"}", resellerKey));
        assertNull(gateway.account("rl-c-rich"));
        assertNull(gateway.account("rl-c-owes"));
        refused(404, "TENANT_UNKNOWN", gateway.post("/admin/accounts", "{\"tenantId\":\"rl-x\",\"accountId\":\"rl-x-2\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"rl-flat\"}", resellerKey));
        assertNull(gateway.account("rl-x-2"));
        refused(404, "ACCOUNT_UNKNOWN", gateway.post("/admin/accounts/rl-x-1/status", "{\"status\":\"CLOSED\"}", resellerKey));
        assertEquals(AccountStatus.ACTIVE, gateway.account("rl-x-1").status());
        refused(404, "TENANT_UNKNOWN", gateway.post("/admin/tenants", "{\"tenantId\":\"rl-x\",\"name\":\"Mine now\","
                + "\"parentId\":\"rl-r\",\"maxCalls\":1,\"apiKey\":\"rl-steal-legacy-key-1\"}", resellerKey));
        refused(403, "OWN_TENANT", gateway.post("/admin/tenants", "{\"tenantId\":\"rl-r\",\"name\":\"Unlimited\","
                + "\"maxCalls\":0,\"apiKey\":\"rl-reseller-legacy-key\"}", resellerKey));
        refused(403, "LIMIT_ABOVE_OWN", gateway.post("/admin/tenants", "{\"tenantId\":\"rl-c3\",\"name\":\"Big\","
                + "\"parentId\":\"rl-r\",\"maxCalls\":51,\"apiKey\":\"rl-big-legacy-key-001\"}", resellerKey));
        refused(403, "FORBIDDEN", gateway.post("/admin/accounts/rl-c-1/transfers", "{\"transferId\":\"rl-mint\","
                + "\"kind\":\"TOPUP\",\"amount\":\"100.00\"}", resellerKey));
        assertEquals(5_000_000, gateway.account("rl-c-1").balanceMicros());
        refused(403, "OPERATOR_ONLY", gateway.post("/admin/switches", "{\"tenantId\":\"rl-c\",\"key\":\"rl-switch-key-000001\","
                + "\"failOpenSeconds\":60}", resellerKey));
        refused(403, "FORBIDDEN", gateway.post("/admin/rate-plans", "{\"planId\":\"rl-free\",\"pricePerMinute\":\"0\"}", resellerKey));
        refused(403, "ROLE_NOT_ALLOWED", gateway.post("/admin/principals", "{\"principalId\":\"rl-god\",\"role\":\"OPERATOR\","
                + "\"name\":\"God\",\"tenantId\":\"rl-r\"}", resellerKey));
        refused(403, "FORBIDDEN", gateway.get("/admin/audit", resellerKey));
        refused(403, "OPERATOR_ONLY", gateway.post("/admin/identities", "{\"kind\":\"PREFIX\",\"value\":\"4\","
                + "\"accountId\":\"rl-c-1\"}", resellerKey));
        Reply pin = gateway.post("/admin/identities", "{\"kind\":\"PIN\",\"value\":\"rl-pin-0001\",\"accountId\":\"rl-c-1\"}",
                resellerKey);
        assertEquals(201, pin.status(), pin.body());
    }

    @Test
    void anEnterpriseAdminRunsItsOwnTenantsExtensionsAndPeople() {
        Reply extension = gateway.post("/admin/accounts/rl-c-1/subscribers", "{\"subscriberId\":\"rl-ext-100\"}", enterpriseKey);
        assertEquals(201, extension.status(), extension.body());
        refused(404, "ACCOUNT_UNKNOWN", gateway.post("/admin/accounts/rl-r-1/subscribers", "{\"subscriberId\":\"rl-ext-1\"}",
                enterpriseKey));
        refused(404, "ACCOUNT_UNKNOWN", gateway.post("/admin/identities", "{\"kind\":\"SIP_USER\",\"value\":\"rl-sip\","
                + "\"accountId\":\"rl-x-1\"}", enterpriseKey));
        refused(403, "FORBIDDEN", gateway.post("/admin/accounts", "{\"tenantId\":\"rl-c\",\"accountId\":\"rl-c-9\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"rl-flat\"}", enterpriseKey));
        refused(403, "ROLE_NOT_ALLOWED", gateway.post("/admin/principals", "{\"principalId\":\"rl-up\",\"role\":\"RESELLER_ADMIN\","
                + "\"name\":\"Up\",\"tenantId\":\"rl-c\"}", enterpriseKey));
        refused(404, "PRINCIPAL_UNKNOWN", gateway.post("/admin/principals/rl-r-admin/keys", "{\"name\":\"mine\"}", enterpriseKey));
        refused(404, "TENANT_UNKNOWN", gateway.post("/admin/principals", "{\"principalId\":\"rl-spy\",\"role\":\"READ_ONLY\","
                + "\"name\":\"Spy\",\"tenantId\":\"rl-r\"}", enterpriseKey));
        JsonArray visible = gateway.get("/admin/principals", enterpriseKey).json().getJsonArray("principals");
        List<String> ids = visible.stream().map(p -> ((JsonObject) p).getString("principalId")).toList();
        assertTrue(ids.contains("rl-c-admin"), ids.toString());
        assertFalse(ids.contains("rl-r-admin") || ids.contains("rl-r-noc"), "above its tenant: " + ids);
        assertTrue(visible.stream().allMatch(p -> ((JsonObject) p).getString("tenantId").equals("rl-c")), visible.encode());
    }

    @Test
    void anEndUserLogsInAndSeesOnlyItsOwnAccountUntilItLogsOut() {
        Reply created = gateway.post("/admin/principals", "{\"principalId\":\"rl-alice\",\"role\":\"END_USER\",\"name\":\"Alice\","
                + "\"tenantId\":\"rl-c\",\"accountId\":\"rl-c-1\",\"password\":\"alice's long password\"}", enterpriseKey);
        assertEquals(201, created.status(), created.body());
        assertFalse(created.body().contains("argon2"), created.body());
        refused(401, "LOGIN_FAILED", gateway.post("/v1/auth/login", "{\"principalId\":\"rl-alice\",\"password\":\"wrong password!\"}", null));
        refused(401, "LOGIN_FAILED", gateway.post("/v1/auth/login", "{\"principalId\":\"rl-nobody\",\"password\":\"alice's long password\"}", null));
        Reply login = gateway.post("/v1/auth/login", "{\"principalId\":\"rl-alice\",\"password\":\"alice's long password\"}", null);
        assertEquals(201, login.status(), login.body());
        assertEquals(900, login.json().getInteger("idleTimeoutSeconds"));
        String token = login.json().getString("token");

        Reply balance = gateway.get("/v1/accounts/rl-c-1/balance", token);
        assertEquals(200, balance.status(), balance.body());
        refused(404, "ACCOUNT_UNKNOWN", gateway.get("/v1/accounts/rl-c-2/balance", token));
        refused(404, "ACCOUNT_UNKNOWN", gateway.get("/v1/accounts/rl-x-1/balance", token));
        refused(403, "FORBIDDEN", gateway.post("/v1/accounts/rl-c-2/topups", "{\"transferId\":\"rl-t\",\"amount\":\"1.00\"}", token));
        refused(403, "FORBIDDEN", gateway.get("/admin/principals", token));

        assertEquals(200, gateway.post("/v1/auth/logout", "{}", token).status());
        refused(401, "UNAUTHENTICATED", gateway.get("/v1/accounts/rl-c-1/balance", token));
    }

    @Test
    void readOnlyReadsItsSubtreeAndWritesNothing() {
        assertEquals(200, gateway.get("/v1/accounts/rl-c-1/balance", readOnlyKey).status());
        refused(404, "ACCOUNT_UNKNOWN", gateway.get("/v1/accounts/rl-x-1/topups", readOnlyKey));
        refused(403, "FORBIDDEN", gateway.post("/v1/accounts/rl-c-1/topups", "{\"transferId\":\"rl-ro\",\"amount\":\"1.00\"}", readOnlyKey));
        refused(403, "FORBIDDEN", gateway.post("/admin/accounts/rl-c-1/status", "{\"status\":\"CLOSED\"}", readOnlyKey));
        assertEquals(AccountStatus.ACTIVE, gateway.account("rl-c-1").status());
    }

    @Test
    void aKeyStopsWorkingWhenRevokedOrExpiredAndATenantKeyStillWorksOnTheTenantApi() throws Exception {
        String key = keyFor(resellerKey, "rl-script", "READ_ONLY", "rl-c", null);
        assertEquals(200, gateway.get("/v1/accounts/rl-c-1/balance", key).status());
        String keyId = gateway.get("/admin/principals", resellerKey).json().getJsonArray("principals").stream()
                .map(JsonObject.class::cast).filter(p -> p.getString("principalId").equals("rl-script")).findFirst()
                .orElseThrow().getJsonArray("keys").getJsonObject(0).getString("keyId");
        assertEquals(200, gateway.post("/admin/principals/rl-script/keys/" + keyId + "/revoke", "{}", resellerKey).status());
        refused(401, "UNAUTHENTICATED", gateway.get("/v1/accounts/rl-c-1/balance", key));

        Reply shortLived = gateway.post("/admin/principals/rl-script/keys", new JsonObject().put("name", "short")
                .put("expiresAt", Instant.now().plusSeconds(2).toString()).encode(), resellerKey);
        assertEquals(201, shortLived.status(), shortLived.body());
        assertEquals(200, gateway.get("/v1/accounts/rl-c-1/balance", shortLived.json().getString("key")).status());
        Thread.sleep(2_100);
        refused(401, "UNAUTHENTICATED", gateway.get("/v1/accounts/rl-c-1/balance", shortLived.json().getString("key")));
        refused(400, "KEY_EXPIRY_INVALID", gateway.post("/admin/principals/rl-script/keys",
                "{\"name\":\"past\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}", resellerKey));

        assertEquals(200, gateway.get("/v1/accounts/rl-c-1/balance", "rl-reseller-legacy-key").status());
        refused(401, "UNAUTHENTICATED", gateway.get("/admin/principals", "rl-reseller-legacy-key"));
    }

    @Test
    void eachTenantReadsTheAuditOfItsOwnSubtreeWithWhoAndWhatChanged() throws Exception {
        assertEquals(201, gateway.post("/admin/accounts", "{\"tenantId\":\"rl-c\",\"accountId\":\"rl-c-audit\","
                + "\"currency\":\"EUR\",\"ratePlanId\":\"rl-flat\"}", resellerKey).status());
        refused(403, "FORBIDDEN", gateway.post("/admin/accounts/rl-c-audit/status", "{\"status\":\"FROZEN\"}", enterpriseKey));
        assertEquals(200, gateway.post("/admin/accounts/rl-c-audit/status", "{\"status\":\"FROZEN\"}", TestGateway.ADMIN_KEY).status());
        assertEquals(201, gateway.post("/admin/accounts/rl-x-1/subscribers", "{\"subscriberId\":\"rl-x-ext\"}", TestGateway.ADMIN_KEY).status());
        refused(401, "LOGIN_FAILED", gateway.post("/v1/auth/login", "{\"principalId\":\"rl-c-admin\",\"password\":\"no password set\"}", null));
        assertEquals(201, gateway.post("/admin/principals", "{\"principalId\":\"rl-bob\",\"role\":\"READ_ONLY\",\"name\":\"Bob\","
                + "\"tenantId\":\"rl-c\",\"password\":\"bob's long password\"}", enterpriseKey).status());
        assertEquals(201, gateway.post("/v1/auth/login", "{\"principalId\":\"rl-bob\",\"password\":\"bob's long password\"}", null).status());
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        // Entries are appended once the response has gone, so each read waits for the entries it is about.
        JsonArray entries = auditOnceHolding("/v1/audit?day=" + day, resellerKey,
                log -> log.contains("status: ACTIVE -> FROZEN") && log.contains("rl-c-audit"));
        String log = entries.encode();
        assertTrue(log.contains("principal:rl-r-admin/"), log);
        assertTrue(log.contains("status: ACTIVE -> FROZEN"), log);
        assertTrue(log.contains("\"code\":\"FORBIDDEN\""), "the enterprise admin's refused attempt: " + log);
        assertFalse(log.contains("rl-x-ext"), "another reseller's write is in rl-r's audit: " + log);
        JsonArray other = auditOnceHolding("/v1/audit?day=" + day, "rl-other-legacy-key-01", text -> text.contains("rl-x-ext"));
        assertTrue(other.encode().contains("rl-x-ext"), other.encode());
        assertFalse(other.encode().contains("rl-c-audit"), other.encode());

        refused(403, "FORBIDDEN", gateway.get("/v1/audit?day=" + day, TestGateway.ADMIN_KEY));
        JsonArray all = auditOnceHolding("/admin/audit?day=" + day, TestGateway.ADMIN_KEY,
                text -> text.contains("principal:rl-bob/session:"));
        assertTrue(all.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("operation").equals("POST /v1/auth/login")
                && e.getInteger("status") == 401 && e.getString("object").contains("principalId=rl-c-admin")), all.encode());
        assertTrue(all.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("operation").equals("POST /v1/auth/login")
                && e.getInteger("status") == 201 && e.getString("keyId").startsWith("principal:rl-bob/session:")), all.encode());
        assertFalse(all.encode().contains("long password"), "a password is in the audit log");
    }
}
