package io.tollgrid.gateway.lockout;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guessing keys over HTTP: ten failures a minute from one address, or with one key, lock it out with 429 for
 * five minutes, even with good credentials; other addresses and keys are not affected. Each test acts from
 * addresses of its own (127.0.0.x).
 */
@ExtendWith(CassandraExtension.class)
class AuthLockoutTest {
    private static final String TENANT_KEY = "lockout-tenant-key-00001";
    private static TestGateway gateway;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("lockout-test", cassandra);
        gateway.admin("/admin/tenants", "{\"tenantId\":\"lo-t\",\"name\":\"Lockout\",\"apiKey\":\"" + TENANT_KEY + "\"}");
        gateway.admin("/admin/rate-plans", "{\"planId\":\"lo-flat\",\"pricePerMinute\":\"0.03\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"lo-t\",\"accountId\":\"lo-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"lo-flat\",\"balance\":\"1.00\"}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Reply balance(String from, String key) {
        return gateway.fromAddress(from, "GET", "/v1/accounts/lo-1/balance", null, "Authorization: Bearer " + key);
    }

    @Test
    void anAddressThatKeepsGuessingIsLockedOutEvenWithAGoodKey() {
        String guesser = "127.0.0.31";
        for (int i = 0; i < 10; i++) {
            Reply guess = balance(guesser, "guessed-key-number-" + i + "-xxxx");
            assertEquals(401, guess.status(), guess.body());
        }
        Reply locked = balance(guesser, TENANT_KEY);
        Reply lockedAdmin = gateway.fromAddress(guesser, "POST", "/admin/tenants",
                "{\"tenantId\":\"lo-new\",\"name\":\"x\",\"apiKey\":\"lockout-new-key-0000001\"}",
                "Authorization: Bearer " + TestGateway.ADMIN_KEY);
        Reply lockedSwitch = gateway.fromAddress(guesser, "POST", "/v1/calls/authorise",
                "{\"callId\":\"lo-c\",\"account\":\"lo-1\",\"callee\":\"44\"}", "X-Switch-Key: " + TestGateway.SWITCH_KEY);
        Reply neighbour = balance("127.0.0.32", TENANT_KEY);

        for (Reply reply : new Reply[] {locked, lockedAdmin, lockedSwitch}) {
            assertEquals(429, reply.status(), reply.body());
            assertEquals(AuthLockout.CODE, reply.json().getJsonObject("error").getString("code"));
            assertTrue(reply.head().contains("Retry-After: 300") || reply.head().contains("Retry-After: 299")
                    || reply.head().contains("retry-after: 300") || reply.head().contains("retry-after: 299"), reply.head());
        }
        assertNull(gateway.server().cache(Caches.TENANTS).get("lo-new"), "a locked-out write changes nothing");
        assertEquals(0, gateway.account("lo-1").reservedMicros());
        assertEquals(200, neighbour.status(), neighbour.body());
        // Health and metrics stay reachable from a locked address.
        assertEquals(200, gateway.fromAddress(guesser, "GET", "/health", null).status());

        String metrics = gateway.get("/metrics", null).body();
        assertTrue(metrics.contains("tollgrid_gateway_auth_failures_total{api=\"tenant\",outcome=\"failed\",} 10.0"), metrics);
        assertTrue(metrics.contains("tollgrid_gateway_auth_failures_total{api=\"admin\",outcome=\"locked\",} 1.0"), metrics);
    }

    @Test
    void aKeyTriedFromManyAddressesIsLockedOutEverywhere() {
        String stolen = "a-bad-switch-key-tried-everywhere";
        for (int i = 0; i < 10; i++) {
            Reply reply = gateway.fromAddress("127.0.0." + (41 + i), "POST", "/v1/calls/authorise",
                    "{\"callId\":\"k" + i + "\",\"account\":\"lo-1\",\"callee\":\"44\"}", "X-Switch-Key: " + stolen);
            assertEquals(401, reply.status(), reply.body());
        }
        Reply fresh = gateway.fromAddress("127.0.0.61", "POST", "/v1/calls/authorise",
                "{\"callId\":\"k-last\",\"account\":\"lo-1\",\"callee\":\"44\"}", "X-Switch-Key: " + stolen);
        Reply otherKey = gateway.fromAddress("127.0.0.62", "POST", "/v1/calls/authorise",
                "{\"callId\":\"k-good\",\"account\":\"lo-1\",\"callee\":\"44\"}", "X-Switch-Key: " + TestGateway.SWITCH_KEY);

        assertEquals(429, fresh.status(), fresh.body());
        assertEquals(200, otherKey.status(), otherKey.body());
        assertEquals(200, gateway.fromAddress("127.0.0.62", "POST", "/v1/calls/stop",
                "{\"callId\":\"k-good\",\"account\":\"lo-1\",\"durationSeconds\":0}", "X-Switch-Key: " + TestGateway.SWITCH_KEY).status());
    }
}
