package io.tollgrid.gateway.auth;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.gateway.fuzz.OpenApiRequests;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonObject;
import org.apache.ignite.cache.query.ScanQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The isolation matrix, generated from the OpenAPI document: every endpoint a principal calls, as every tenant role
 * of tenant A, aimed at objects of tenant B (every id in the path, query and body names one of B's objects), is
 * denied: 401, 403 or 404, or for a read that names no object an answer that mentions nothing of B. Nothing of B's
 * changes. A new endpoint is in the matrix as soon as it is in the document.
 */
@ExtendWith(CassandraExtension.class)
class IsolationMatrixTest {
    private static TestGateway gateway;
    /** Role name to the credential of tenant A's principal of that role. */
    private static final Map<String, String> CALLERS = new LinkedHashMap<>();
    /** Every id of B's objects, by the parameter or property that names it. */
    private static final Map<String, String> B_IDS = Map.ofEntries(
            Map.entry("account", "im-b-1"), Map.entry("accountId", "im-b-1"), Map.entry("walletAccount", "im-b-1"),
            Map.entry("tenantId", "im-b-c"), Map.entry("parentId", "im-b"), Map.entry("principalId", "im-b-user"),
            Map.entry("subscriberId", "im-b-ext"), Map.entry("batchId", "im-b-batch"), Map.entry("planId", "im-b-plan"),
            Map.entry("productId", "im-b-product"), Map.entry("transferId", "im-b-transfer"));

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("isolation-test", cassandra);
        gateway.admin("/admin/rate-plans", "{\"planId\":\"im-flat\",\"pricePerMinute\":\"0.01\"}");
        for (String tenant : List.of("im-a", "im-b")) {
            gateway.admin("/admin/tenants", "{\"tenantId\":\"" + tenant + "\",\"name\":\"" + tenant + "\",\"apiKey\":\""
                    + tenant + "-legacy-key-0001\"}");
            gateway.admin("/admin/tenants", "{\"tenantId\":\"" + tenant + "-c\",\"name\":\"" + tenant + " customer\","
                    + "\"parentId\":\"" + tenant + "\",\"apiKey\":\"" + tenant + "-c-legacy-key-001\"}");
            gateway.admin("/admin/accounts", "{\"tenantId\":\"" + tenant + "-c\",\"accountId\":\"" + tenant + "-1\","
                    + "\"currency\":\"EUR\",\"ratePlanId\":\"im-flat\",\"balance\":\"10.00\"}");
            gateway.admin("/admin/accounts/" + tenant + "-1/subscribers", "{\"subscriberId\":\"" + tenant + "-ext\"}");
        }
        gateway.admin("/admin/principals", "{\"principalId\":\"im-b-user\",\"role\":\"END_USER\",\"name\":\"B\","
                + "\"tenantId\":\"im-b-c\",\"accountId\":\"im-b-1\"}");
        CALLERS.put("RESELLER_ADMIN", key("im-a-reseller", "RESELLER_ADMIN", "im-a", null));
        CALLERS.put("ENTERPRISE_ADMIN", key("im-a-enterprise", "ENTERPRISE_ADMIN", "im-a-c", null));
        CALLERS.put("READ_ONLY", key("im-a-noc", "READ_ONLY", "im-a", null));
        CALLERS.put("END_USER", key("im-a-user", "END_USER", "im-a-c", "im-a-1"));
        CALLERS.put("SHOP_OPERATOR", key("im-a-shop", "SHOP_OPERATOR", "im-a", null));
        CALLERS.put("TENANT_KEY", "im-a-legacy-key-0001");
        gateway.admin("/admin/principals", "{\"principalId\":\"im-a-person\",\"role\":\"RESELLER_ADMIN\",\"name\":\"P\","
                + "\"tenantId\":\"im-a\",\"password\":\"a person's password\"}");
        Reply login = gateway.post("/v1/auth/login", "{\"principalId\":\"im-a-person\",\"password\":\"a person's password\"}", null);
        assertEquals(201, login.status(), login.body());
        CALLERS.put("RESELLER_ADMIN_SESSION", login.json().getString("token"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String key(String id, String role, String tenant, String account) {
        JsonObject body = new JsonObject().put("principalId", id).put("role", role).put("name", id).put("tenantId", tenant);
        if (account != null) {
            body.put("accountId", account);
        }
        gateway.admin("/admin/principals", body.encode());
        Reply key = gateway.post("/admin/principals/" + id + "/keys", "{\"name\":\"matrix\"}", TestGateway.ADMIN_KEY);
        assertEquals(201, key.status(), key.body());
        return key.json().getString("key");
    }

    /** What B has: its tenants, accounts, extensions, principals and keys, as text to compare. */
    private static String stateOfB() {
        Map<String, String> state = new TreeMap<>();
        for (String cache : List.of(Caches.TENANTS, Caches.ACCOUNTS, Caches.SUBSCRIBERS, Caches.PRINCIPALS,
                Caches.PRINCIPAL_KEYS, Caches.TRANSFERS, Caches.IDENTITIES, Caches.SWITCHES, Caches.VOUCHER_BATCHES)) {
            gateway.server().cache(cache).query(new ScanQuery<>()).forEach(entry -> {
                String text = String.valueOf(entry.getKey()) + "=" + describe(entry.getValue());
                if (text.contains("im-b")) {
                    state.put(cache + ":" + entry.getKey(), text);
                }
            });
        }
        return state.toString();
    }

    /** An object's fields, by reflection (the stored classes have no toString). */
    private static String describe(Object value) {
        StringBuilder text = new StringBuilder(value.getClass().getSimpleName()).append('{');
        for (java.lang.reflect.Field field : value.getClass().getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                try {
                    Object inner = field.get(value);
                    boolean ours = inner != null && inner.getClass().getName().startsWith("io.tollgrid.")
                            && !inner.getClass().isEnum() && !inner.getClass().isRecord();
                    text.append(field.getName()).append('=').append(ours ? describe(inner) : inner).append(' ');
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return text.append('}').toString();
    }

    @Test
    void everyEndpointAsEveryRoleIsDeniedAnotherTenantsObjects() {
        OpenApiRequests document = OpenApiRequests.load();
        String before = stateOfB();
        assertTrue(before.contains("im-b-1") && before.contains("im-b-user") && before.contains("im-b-ext"), before);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        int operations = 0;
        // The admin API last: a tenant key there is refused (401), and ten refusals lock the key out (429).
        List<OpenApiRequests.Operation> ordered = new ArrayList<>(document.operations());
        ordered.sort(java.util.Comparator.comparing(operation -> operation.template().startsWith("/admin")));
        for (OpenApiRequests.Operation operation : ordered) {
            if (operation.switchOperation() || operation.publicOperation()) {
                continue;
            }
            operations++;
            OpenApiRequests.Request request = document.request(operation, B_IDS::get, "im-b-new");
            boolean namesB = request.path().contains("im-b") || (request.body() != null && request.body().contains("im-b"));
            for (Map.Entry<String, String> caller : CALLERS.entrySet()) {
                // Each request from an address of its own, so the refusals never lock the test's address out.
                String address = "127.3." + (sent / 250) + "." + (1 + sent % 250);
                Reply reply = gateway.fromAddress(address, request.method(), request.path(),
                        request.method().equals("GET") ? null : request.body() == null ? "{}" : request.body(),
                        "Authorization: Bearer " + caller.getValue());
                sent++;
                boolean denied = Set.of(401, 403, 404, 429).contains(reply.status());
                boolean harmless = !namesB && reply.status() < 500 && !mentionsB(operation, reply);
                if (!denied && !harmless) {
                    failures.add(caller.getKey() + " " + request.method() + " " + request.path() + " " + request.body()
                            + " -> " + reply.status() + " " + reply.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " requests reached tenant B:\n"
                + String.join("\n", failures));
        assertTrue(operations >= 30, "the document has only " + operations + " principal operations");
        assertEquals(operations * CALLERS.size(), sent);
        assertEquals(before, stateOfB(), "a denied request changed tenant B");
    }

    /**
     * Whether an answer shows anything of B. A's own audit log names B's ids in A's refused attempts, which are A's
     * record: there, only an entry of B's tenants would be B's.
     */
    private static boolean mentionsB(OpenApiRequests.Operation operation, Reply reply) {
        if (operation.operationId().equals("tenantAudit") && reply.status() == 200) {
            return reply.json().getJsonArray("entries").stream().map(JsonObject.class::cast)
                    .anyMatch(entry -> !entry.getString("tenant").startsWith("im-a"));
        }
        return reply.body().contains("im-b");
    }

    @Test
    void everyOperationOfTheDocumentHasARule() {
        List<String> missing = new ArrayList<>();
        for (OpenApiRequests.Operation operation : OpenApiRequests.load().operations()) {
            if (!operation.switchOperation() && !operation.publicOperation()
                    && !Rules.operations().contains(operation.operationId())) {
                missing.add(operation.operationId());
            }
        }
        assertEquals(List.of(), missing, "operations only the operator may call until Rules names them");
    }
}
