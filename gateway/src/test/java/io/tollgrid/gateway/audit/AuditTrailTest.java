package io.tollgrid.gateway.audit;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every admin and tenant write, accepted, refused or unauthenticated, is in the audit log the operator reads. */
@ExtendWith(CassandraExtension.class)
class AuditTrailTest {
    private static final String TENANT_KEY = "audit-tenant-key-secret-01";
    private static TestGateway gateway;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("audit-test", cassandra);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static JsonObject await(Predicate<JsonObject> wanted, String what) throws InterruptedException {
        JsonArray entries = new JsonArray();
        for (int i = 0; i < 100; i++) {
            Reply reply = gateway.get("/admin/audit?day=" + LocalDate.now(ZoneOffset.UTC), TestGateway.ADMIN_KEY);
            assertEquals(200, reply.status(), reply.body());
            entries = reply.json().getJsonArray("entries");
            Optional<JsonObject> found = entries.stream().map(JsonObject.class::cast).filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no audit entry for " + what + " in " + entries.encodePrettily());
    }

    @Test
    void acceptedRefusedAndUnauthenticatedWritesAreRecordedWithoutSecrets() throws Exception {
        gateway.admin("/admin/tenants", "{\"tenantId\":\"au-t\",\"name\":\"Audited\",\"apiKey\":\"" + TENANT_KEY + "\"}");
        gateway.admin("/admin/rate-plans", "{\"planId\":\"au-flat\",\"pricePerMinute\":\"0.03\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"au-t\",\"accountId\":\"au-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"au-flat\",\"balance\":\"1.00\"}");
        Reply invalid = gateway.post("/admin/accounts", "{\"tenantId\":\"au-t\",\"accountId\":\"au 2\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"au-flat\"}", TestGateway.ADMIN_KEY);
        Reply ownTopUp = gateway.fromAddress("127.0.0.77", "POST", "/v1/accounts/au-1/topups",
                "{\"transferId\":\"mint\",\"amount\":\"100.00\",\"note\":\"private note\"}", "Authorization: Bearer " + TENANT_KEY);
        Reply anonymous = gateway.post("/admin/accounts/au-1/status", "{\"status\":\"CLOSED\"}", "not-the-admin-key-0000");
        assertEquals(400, invalid.status());
        assertEquals(403, ownTopUp.status(), ownTopUp.body());
        assertEquals(401, anonymous.status());

        JsonObject created = await(e -> e.getString("operation").equals("POST /admin/tenants") && e.getInteger("status") == 201,
                "the tenant");
        assertTrue(created.getString("keyId").startsWith("admin/"), created.encode());
        assertTrue(created.getString("object").contains("tenantId=au-t"), created.encode());
        assertEquals("127.0.0.1", created.getString("source"));

        JsonObject refused = await(e -> e.getInteger("status") == 400 && e.getString("operation").equals("POST /admin/accounts"),
                "the invalid account");
        assertEquals("INVALID_REQUEST", refused.getString("code"));

        JsonObject topUp = await(e -> e.getString("operation").equals("POST /v1/accounts/{account}/topups"), "the top-up");
        assertEquals(403, topUp.getInteger("status"));
        assertEquals("OWN_ACCOUNT", topUp.getString("code"));
        assertTrue(topUp.getString("keyId").startsWith("tenant:au-t/"), topUp.encode());
        assertTrue(topUp.getString("object").contains("account=au-1"), topUp.encode());
        assertTrue(topUp.getString("object").contains("transferId=mint"), topUp.encode());
        assertEquals("127.0.0.77", topUp.getString("source"));

        JsonObject unauthenticated = await(e -> e.getInteger("status") == 401, "the unauthenticated write");
        assertEquals("POST /admin/accounts/{account}/status", unauthenticated.getString("operation"));
        assertEquals("UNAUTHENTICATED", unauthenticated.getString("code"));
        assertTrue(unauthenticated.getString("keyId").startsWith("unknown/"), unauthenticated.encode());

        String log = gateway.get("/admin/audit", TestGateway.ADMIN_KEY).body();
        for (String secret : new String[] {TENANT_KEY, TestGateway.ADMIN_KEY, "not-the-admin-key-0000", "private note"}) {
            assertFalse(log.contains(secret), "the audit log holds " + secret);
        }
    }

    @Test
    void onlyTheOperatorReadsTheLog() {
        assertEquals(401, gateway.get("/admin/audit", null).status());
        assertEquals(401, gateway.get("/admin/audit", TENANT_KEY).status());
        assertEquals(400, gateway.get("/admin/audit?day=yesterday", TestGateway.ADMIN_KEY).status());
        Reply empty = gateway.get("/admin/audit?day=2001-01-01", TestGateway.ADMIN_KEY);
        assertEquals(200, empty.status(), empty.body());
        assertEquals(0, empty.json().getInteger("count"));
    }
}
