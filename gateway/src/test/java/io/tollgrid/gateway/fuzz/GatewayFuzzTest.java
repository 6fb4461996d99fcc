package io.tollgrid.gateway.fuzz;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.ignite.cache.CachePeekMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzz suite, generated from the OpenAPI document: requests to every endpoint (valid, malformed and adversarial:
 * truncated and non-object bodies, odd values, dropped fields, 70 KB fields, deep nesting, junk paths and query
 * parameters), with every kind of credential, from many source addresses, drawn by jqwik. No answer is a 5xx, none
 * hangs (a reply takes at most 15 s), and a refused request (4xx) changes nothing the grid holds.
 *
 * <p>{@value #DEFAULT_REQUESTS} requests in the default run; {@code -Pfuzz} in the gateway module sends 1,000,000
 * ({@code tollgrid.fuzz.requests}).
 */
@ExtendWith(CassandraExtension.class)
class GatewayFuzzTest {
    static final int DEFAULT_REQUESTS = 400;
    /**
     * The grid's state a request could change (login sessions are excluded: a login creates one; of the calls' sessions
     * only those in progress count, see {@link #state}).
     */
    private static final List<String> STATE = List.of(Caches.TENANTS, Caches.API_KEYS, Caches.ACCOUNTS,
            Caches.SUBSCRIBERS, Caches.TRANSFERS, Caches.IDENTITIES, Caches.SWITCHES, Caches.RATE_PLANS,
            Caches.PRINCIPALS, Caches.PRINCIPAL_KEYS, Caches.VOUCHERS, Caches.VOUCHER_BATCHES, Caches.PRODUCTS,
            Caches.PRODUCT_ASSIGNMENTS, Caches.CARRIERS, Caches.ROUTE_PLANS, Caches.SESSIONS, Caches.RATE_DECKS);
    private static final Map<String, String> IDS = Map.ofEntries(
            Map.entry("account", "fz-1"), Map.entry("accountId", "fz-1"), Map.entry("tenantId", "fz-t"),
            Map.entry("parentId", "fz-t"), Map.entry("principalId", "fz-user"), Map.entry("planId", "fz-flat"),
            Map.entry("ratePlanId", "fz-flat"), Map.entry("callId", "fz-call-1"), Map.entry("currency", "EUR"));

    private static TestGateway gateway;
    private static OpenApiRequests document;
    private static final List<String[]> CREDENTIALS = new ArrayList<>();

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("fuzz-test", cassandra);
        document = OpenApiRequests.load();
        gateway.admin("/admin/rate-plans", "{\"planId\":\"fz-flat\",\"pricePerMinute\":\"0.01\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"fz-t\",\"name\":\"Fuzz\",\"apiKey\":\"fz-tenant-legacy-key\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"fz-t\",\"accountId\":\"fz-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"fz-flat\",\"balance\":\"100.00\"}");
        gateway.admin("/admin/principals", "{\"principalId\":\"fz-admin\",\"role\":\"RESELLER_ADMIN\",\"name\":\"F\","
                + "\"tenantId\":\"fz-t\"}");
        gateway.admin("/admin/principals", "{\"principalId\":\"fz-user\",\"role\":\"END_USER\",\"name\":\"U\","
                + "\"tenantId\":\"fz-t\",\"accountId\":\"fz-1\",\"password\":\"fuzz user password\"}");
        CREDENTIALS.add(new String[] {"Authorization: Bearer " + TestGateway.ADMIN_KEY});
        CREDENTIALS.add(new String[] {"Authorization: Bearer " + issue("fz-admin")});
        CREDENTIALS.add(new String[] {"Authorization: Bearer " + issue("fz-user")});
        CREDENTIALS.add(new String[] {"X-Switch-Key: " + TestGateway.SWITCH_KEY});
        CREDENTIALS.add(new String[] {"Authorization: Bearer tgk_not-a-key-at-all-0000000"});
        CREDENTIALS.add(new String[] {"Authorization: Bearer tgs_not-a-session-00000000000"});
        CREDENTIALS.add(new String[] {});
    }

    private static String issue(String principal) {
        Reply key = gateway.post("/admin/principals/" + principal + "/keys", "{\"name\":\"fuzz\"}", TestGateway.ADMIN_KEY);
        assertEquals(201, key.status(), key.body());
        return key.json().getString("key");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    record FuzzCase(int operation, int credential, long seed) {
    }

    /** A fingerprint of each cache's entries, read on the server node itself (no query per request). */
    private static Map<String, Long> state() {
        Map<String, Long> state = new TreeMap<>();
        for (String name : STATE) {
            long sum = 0;
            for (var entry : gateway.server().cache(name).localEntries(CachePeekMode.PRIMARY)) {
                // A finished call's session expires after the retention of finished calls, in the background, whatever
                // the request in flight: only calls in progress are the requests' to change (a refused stop that ended
                // one would still show, as a session leaving this set).
                if (entry.getValue() instanceof io.tollgrid.grid.session.Session session && !session.inProgress()) {
                    continue;
                }
                sum += 31L * entry.getKey().hashCode() + describe(entry.getValue()).hashCode();
            }
            state.put(name, sum);
        }
        return state;
    }

    private static String describe(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value.getClass().isRecord() || value.getClass().isEnum()) {
            return String.valueOf(value);
        }
        StringBuilder text = new StringBuilder();
        for (java.lang.reflect.Field field : value.getClass().getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                try {
                    Object inner = field.get(value);
                    text.append(field.getName()).append('=')
                            .append(inner != null && inner.getClass().getName().startsWith("io.tollgrid.") ? describe(inner)
                                    : inner instanceof byte[] bytes ? java.util.Arrays.hashCode(bytes) : inner).append(' ');
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return text.toString();
    }

    @Test
    void generatedRequestsNeverFailHangOrChangeAnythingWhenRefused() {
        int requests = Integer.getInteger("tollgrid.fuzz.requests", DEFAULT_REQUESTS);
        List<OpenApiRequests.Operation> operations = document.operations();
        Arbitrary<FuzzCase> cases = Combinators.combine(
                Arbitraries.integers().between(0, operations.size() - 1),
                Arbitraries.integers().between(0, CREDENTIALS.size() - 1),
                Arbitraries.longs()).as(FuzzCase::new);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        boolean[] covered = new boolean[operations.size()];
        Map<String, Long> before = state();
        for (FuzzCase fuzz : (Iterable<FuzzCase>) cases.sampleStream().limit(requests)::iterator) {
            OpenApiRequests.Operation operation = operations.get(fuzz.operation());
            Random random = new Random(fuzz.seed());
            OpenApiRequests.Request request = OpenApiRequests.mutate(
                    document.request(operation, IDS::get, "fz-" + Long.toHexString(random.nextLong() & 0xffff)), random);
            String address = "127." + (1 + random.nextInt(250)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(250));
            String[] headers = CREDENTIALS.get(fuzz.credential());
            Reply reply = gateway.fromAddress(address, request.method(), request.path(), request.body(), headers);
            sent.incrementAndGet();
            covered[fuzz.operation()] = true;
            String what = fuzz + " " + request.method() + " " + request.path() + " " + abbreviate(request.body())
                    + " " + String.join(",", headers);
            assertTrue(reply.status() < 500, what + " -> " + reply.status() + " " + reply.body());
            Map<String, Long> after = state();
            if (reply.status() >= 400) {
                refused.incrementAndGet();
                assertEquals(before, after, what + " -> " + reply.status() + " " + abbreviate(reply.body())
                        + " was refused but changed the grid");
            }
            before = after;
        }
        assertEquals(requests, sent.get());
        assertTrue(refused.get() > requests / 4, "too few refusals to say anything: " + refused.get());
        if (requests >= operations.size() * 20) {
            for (int i = 0; i < covered.length; i++) {
                assertTrue(covered[i], operations.get(i).operationId() + " was never fuzzed");
            }
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    @Test
    void theGeneratorCoversEveryOperationOfTheDocument() {
        List<String> ids = document.operations().stream().map(OpenApiRequests.Operation::operationId).toList();
        assertTrue(ids.containsAll(List.of("authorise", "balance", "putTenant", "createPrincipal", "login", "tenantAudit")),
                ids.toString());
        for (OpenApiRequests.Operation operation : document.operations()) {
            OpenApiRequests.Request request = document.request(operation, IDS::get, "fz-x");
            assertTrue(!request.path().contains("{"), request.path());
            if (operation.bodySchema() != null) {
                new JsonObject(request.body());
            }
        }
    }
}
