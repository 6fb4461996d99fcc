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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Password logins limited per principal id over HTTP: ten failures within 15 minutes, from however many addresses,
 * lock that id's password logins out (429 TOO_MANY_LOGIN_FAILURES), even with the right password; its API keys, other
 * principals and the addresses themselves are not affected; an unknown id is answered exactly as a known one. Every
 * address guesses at most three times, below the limit per address (ten a minute), and each test uses addresses of
 * its own (127.0.1.x to 127.0.4.x).
 */
@ExtendWith(CassandraExtension.class)
class LoginLockoutTest {
    private static TestGateway gateway;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("login-lockout-test", cassandra);
        gateway.admin("/admin/tenants", "{\"tenantId\":\"ll-t\",\"name\":\"Logins\",\"apiKey\":\"ll-tenant-legacy-key-01\"}");
        for (String id : List.of("ll-alice", "ll-bob", "ll-carol", "ll-dave", "ll-erin")) {
            gateway.admin("/admin/principals", "{\"principalId\":\"" + id + "\",\"role\":\"READ_ONLY\",\"name\":\"" + id
                    + "\",\"tenantId\":\"ll-t\",\"password\":\"" + password(id) + "\"}");
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String password(String principalId) {
        return principalId + "'s long password";
    }

    private static Reply login(String from, String principalId, String password) {
        return gateway.fromAddress(from, "POST", "/v1/auth/login",
                "{\"principalId\":\"" + principalId + "\",\"password\":\"" + password + "\"}");
    }

    /** Ten wrong passwords for the id, three at most from each address of the subnet {@code 127.0.<net>.x}. */
    private static void guessTenTimes(int net, String principalId) {
        for (int i = 0; i < 10; i++) {
            Reply guess = login("127.0." + net + "." + (10 + i / 3), principalId, "guess number " + i + " xx");
            assertEquals(401, guess.status(), guess.body());
            assertEquals("LOGIN_FAILED", guess.errorCode());
        }
    }

    private static int sessions() {
        return gateway.server().cache(Caches.LOGIN_SESSIONS).size();
    }

    @Test
    void aGuessSpreadOverManyAddressesLocksOutThePrincipalsPasswordLoginsOnly() {
        String aliceKey = gateway.post("/admin/principals/ll-alice/keys", "{\"name\":\"script\"}", TestGateway.ADMIN_KEY)
                .json().getString("key");
        guessTenTimes(1, "ll-alice");
        int sessionsBefore = sessions();

        Reply locked = login("127.0.1.50", "ll-alice", password("ll-alice"));
        Reply erin = login("127.0.1.50", "ll-erin", password("ll-erin"));
        Reply aliceByKey = gateway.get("/v1/audit", aliceKey);

        assertEquals(429, locked.status(), locked.body());
        assertEquals(AuthLockout.LOGIN_CODE, locked.errorCode());
        assertTrue(locked.head().toLowerCase().contains("retry-after: 900"), locked.head());
        assertEquals(201, erin.status(), "another principal, from the same address: " + erin.body());
        assertEquals(sessionsBefore + 1, sessions(), "the refused login opened no session");
        assertEquals(200, aliceByKey.status(), "the principal's API key still works: " + aliceByKey.body());
        String metrics = gateway.get("/metrics", null).body();
        assertTrue(metrics.contains("tollgrid_gateway_auth_failures_total{api=\"tenant\",outcome=\"principal_locked\",}"),
                metrics);
    }

    @Test
    void anUnknownIdIsLockedOutExactlyAsAKnownOneIs() {
        guessTenTimes(2, "ll-carol");
        guessTenTimes(2, "ll-nobody");

        Reply known = login("127.0.2.50", "ll-carol", "guess number 11 xx");
        Reply unknown = login("127.0.2.50", "ll-nobody", "guess number 11 xx");

        assertEquals(429, known.status(), known.body());
        assertEquals(429, unknown.status(), unknown.body());
        assertEquals(known.body(), unknown.body());
    }

    @Test
    void parallelGuessesNeverPassTheLimitTogether() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<Reply>> guesses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String from = "127.0.3." + (10 + i);
                String guess = "parallel guess " + i + " xx";
                guesses.add(pool.submit(() -> login(from, "ll-dave", guess)));
            }
            int failed = 0;
            int locked = 0;
            for (Future<Reply> guess : guesses) {
                Reply reply = guess.get();
                if (reply.status() == 401) {
                    failed++;
                } else {
                    assertEquals(429, reply.status(), reply.body());
                    locked++;
                }
            }
            assertEquals(10, failed, "exactly the limit's worth of passwords were checked");
            assertEquals(14, locked);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void successfulLoginsDoNotUseUpTheLimit() {
        String id = "ll-bob";
        for (int i = 0; i < 9; i++) {
            assertEquals(401, login("127.0.4." + (10 + i / 3), id, "bob guess " + i + " xx").status());
        }
        for (int i = 0; i < 3; i++) {
            Reply good = login("127.0.4.20", id, password(id));
            assertEquals(201, good.status(), good.body());
        }
        assertEquals(401, login("127.0.4.21", id, "bob guess 9 xx").status(), "the tenth failure is still checked");
        assertEquals(429, login("127.0.4.21", id, password(id)).status(), "and it locked the id out");
    }
}
