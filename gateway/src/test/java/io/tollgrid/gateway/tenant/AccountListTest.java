package io.tollgrid.gateway.tenant;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * GET /v1/accounts over HTTP against a real grid: a tenant's own accounts in id order with their money, paged; a
 * customer's with tenant= for the reseller above it, and for no one else (404 TENANT_UNKNOWN, as a missing tenant).
 * Tenants: reseller al-r owns al-r-1 and al-r-2 and has customer al-c below it (al-c-1 .. al-c-5); al-x another
 * reseller with al-x-1.
 */
@ExtendWith(CassandraExtension.class)
class AccountListTest {
    private static TestGateway gateway;
    private static String resellerKey;
    private static String enterpriseKey;
    private static String readOnlyKey;
    private static String endUserKey;
    private static String otherResellerKey;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("account-list-test", cassandra);
        gateway.admin("/admin/tenants", "{\"tenantId\":\"al-r\",\"name\":\"Reseller\",\"apiKey\":\"al-reseller-legacy-key\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"al-c\",\"name\":\"Customer\",\"parentId\":\"al-r\",\"apiKey\":\"al-customer-legacy-key\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"al-x\",\"name\":\"Other\",\"apiKey\":\"al-other-legacy-key-01\"}");
        gateway.admin("/admin/rate-plans", "{\"planId\":\"al-plan\",\"pricePerMinute\":\"0.60\"}");
        List<String[]> accounts = new ArrayList<>(List.of(new String[] {"al-r", "al-r-2"}, new String[] {"al-r", "al-r-1"},
                new String[] {"al-x", "al-x-1"}));
        for (int n = 5; n >= 1; n--) {
            accounts.add(new String[] {"al-c", "al-c-" + n});
        }
        for (String[] account : accounts) {
            gateway.admin("/admin/accounts", "{\"tenantId\":\"" + account[0] + "\",\"accountId\":\"" + account[1]
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"al-plan\",\"balance\":\"1" + account[1].charAt(account[1].length() - 1)
                    + ".50\",\"creditLimit\":\"2.00\"}");
        }
        resellerKey = gateway.principalKey("al-r-admin", "RESELLER_ADMIN", "al-r", null);
        enterpriseKey = gateway.principalKey("al-c-admin", "ENTERPRISE_ADMIN", "al-c", null);
        readOnlyKey = gateway.principalKey("al-c-noc", "READ_ONLY", "al-c", null);
        endUserKey = gateway.principalKey("al-c-user", "END_USER", "al-c", "al-c-1");
        otherResellerKey = gateway.principalKey("al-x-admin", "RESELLER_ADMIN", "al-x", null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static List<String> ids(Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        List<String> ids = new ArrayList<>();
        for (Object row : reply.json().getJsonArray("accounts")) {
            ids.add(((JsonObject) row).getString("account"));
        }
        assertEquals(ids.size(), reply.json().getInteger("count"));
        return ids;
    }

    @Test
    void aTenantListsItsOwnAccountsInIdOrderWithTheirMoneyAndNotItsCustomers() {
        Reply reply = gateway.get("/v1/accounts", resellerKey);
        assertEquals(List.of("al-r-1", "al-r-2"), ids(reply), "its own two, not al-c's below it");
        assertEquals("al-r", reply.json().getString("tenant"));
        JsonObject first = reply.json().getJsonArray("accounts").getJsonObject(0);
        assertEquals("11.500000", first.getString("balance"));
        assertEquals("2.000000", first.getString("creditLimit"));
        assertEquals("13.500000", first.getString("available"));
        assertEquals("ACTIVE", first.getString("status"));
        assertEquals("EUR", first.getString("currency"));
        assertEquals(0, first.getInteger("activeCalls"));
        assertNull(reply.json().getString("next"));
    }

    @Test
    void aResellerPagesThroughItsCustomersAccountsWithTenantAndAfter() {
        List<String> seen = new ArrayList<>();
        Reply page = gateway.get("/v1/accounts?tenant=al-c&limit=2", resellerKey);
        int pages = 0;
        while (true) {
            seen.addAll(ids(page));
            pages++;
            String next = page.json().getString("next");
            if (next == null) {
                break;
            }
            page = gateway.get("/v1/accounts?tenant=al-c&limit=2&after=" + next, resellerKey);
        }
        assertEquals(List.of("al-c-1", "al-c-2", "al-c-3", "al-c-4", "al-c-5"), seen);
        assertEquals(3, pages, "2 + 2 + 1");
        assertEquals(ids(gateway.get("/v1/accounts", enterpriseKey)), seen, "the customer's own admin sees the same");
        assertEquals(seen, ids(gateway.get("/v1/accounts", readOnlyKey)));
    }

    @Test
    void noOneOutsideTheTenantsReachSeesItsAccounts() {
        Reply other = gateway.get("/v1/accounts?tenant=al-c", otherResellerKey);
        assertEquals(404, other.status(), other.body());
        assertEquals("TENANT_UNKNOWN", other.errorCode());
        assertEquals(List.of("al-x-1"), ids(gateway.get("/v1/accounts", otherResellerKey)));
        assertEquals("TENANT_UNKNOWN", gateway.get("/v1/accounts?tenant=al-r", enterpriseKey).errorCode(),
                "a customer's admin does not reach its reseller");
        assertEquals("TENANT_UNKNOWN", gateway.get("/v1/accounts?tenant=no-such-tenant", resellerKey).errorCode());
        assertEquals(403, gateway.get("/v1/accounts", endUserKey).status(), "an end user has one account, not a list");
        assertEquals(401, gateway.get("/v1/accounts", null).status());
    }

    @Test
    void aBadPageIsRefused() {
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts?limit=0", resellerKey).errorCode());
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts?limit=501", resellerKey).errorCode());
        assertEquals("INVALID_REQUEST", gateway.get("/v1/accounts?limit=ten", resellerKey).errorCode());
    }
}
