package io.tollgrid.gateway.auth;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.gateway.lockout.AuthLockout;
import io.tollgrid.grid.principal.Principals;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Password changes over HTTP: a principal changes its own with the current one ({@code POST /v1/auth/password}) and
 * its other sessions end; an admin resets one in its reach ({@code POST /admin/principals/{id}/password}) and every
 * session of it ends. A wrong current password counts towards the lockouts as a failed login does; a weak new one is
 * refused as at creation; another tenant's admin gets 404 and an end user 403, and nothing changes; no password
 * reaches the audit log. Every test sends from addresses of its own (127.0.7.x to 127.0.13.x), so one test's
 * failures never lock another's address out; every password holds "Zebra" for the audit check.
 */
@ExtendWith(CassandraExtension.class)
class PasswordChangeTest {
    private static TestGateway gateway;
    private static String resellerKey;
    private static String otherResellerKey;
    private static String otherEnterpriseKey;
    private static String endUserKey;
    private static String readOnlyKey;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("password-change-test", cassandra);
        gateway.admin("/admin/rate-plans", "{\"planId\":\"pc-flat\",\"pricePerMinute\":\"0.01\"}");
        for (String tenant : List.of("pc-a", "pc-b")) {
            gateway.admin("/admin/tenants", "{\"tenantId\":\"" + tenant + "\",\"name\":\"" + tenant + "\",\"apiKey\":\""
                    + tenant + "-legacy-key-0001\"}");
            gateway.admin("/admin/tenants", "{\"tenantId\":\"" + tenant + "-c\",\"name\":\"" + tenant + " customer\","
                    + "\"parentId\":\"" + tenant + "\",\"apiKey\":\"" + tenant + "-c-legacy-key-001\"}");
            gateway.admin("/admin/accounts", "{\"tenantId\":\"" + tenant + "-c\",\"accountId\":\"" + tenant + "-1\","
                    + "\"currency\":\"EUR\",\"ratePlanId\":\"pc-flat\"}");
        }
        resellerKey = gateway.principalKey("pc-a-admin", "RESELLER_ADMIN", "pc-a", null);
        otherResellerKey = gateway.principalKey("pc-b-admin", "RESELLER_ADMIN", "pc-b", null);
        otherEnterpriseKey = gateway.principalKey("pc-b-enterprise", "ENTERPRISE_ADMIN", "pc-b-c", null);
        endUserKey = gateway.principalKey("pc-a-other-user", "END_USER", "pc-a-c", "pc-a-1");
        readOnlyKey = gateway.principalKey("pc-a-noc", "READ_ONLY", "pc-a", null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** A principal of tenant pc-a (or its customer pc-a-c) with a password. */
    private static void person(String principalId, String role, String tenantId, String accountId, String password) {
        JsonObject body = new JsonObject().put("principalId", principalId).put("role", role).put("name", principalId)
                .put("tenantId", tenantId).put("password", password);
        if (accountId != null) {
            body.put("accountId", accountId);
        }
        gateway.admin("/admin/principals", body.encode());
    }

    private static Reply post(String from, String path, JsonObject body, String bearer) {
        return gateway.fromAddress(from, "POST", path, body.encode(), "Authorization: Bearer " + bearer);
    }

    private static Reply login(String from, String principalId, String password) {
        return gateway.fromAddress(from, "POST", "/v1/auth/login",
                new JsonObject().put("principalId", principalId).put("password", password).encode());
    }

    private static String session(String from, String principalId, String password) {
        Reply login = login(from, principalId, password);
        assertEquals(201, login.status(), login.body());
        return login.json().getString("token");
    }

    private static Reply change(String from, String bearer, String current, String next) {
        return post(from, "/v1/auth/password", new JsonObject().put("currentPassword", current).put("newPassword", next),
                bearer);
    }

    private static Reply reset(String from, String principalId, String bearer, String next) {
        return post(from, "/admin/principals/" + principalId + "/password", new JsonObject().put("newPassword", next),
                bearer);
    }

    /** Whether a session still works: the end user's balance, another principal's list of principals. */
    private static int use(String from, String token, String path) {
        return gateway.fromAddress(from, "GET", path, null, "Authorization: Bearer " + token).status();
    }

    /** Whether the password is the principal's, asked of the grid directly (no lockout there). */
    private static boolean isPassword(String principalId, String password) {
        return new Principals(gateway.server()).login(principalId, password).isPresent();
    }

    @Test
    void aPrincipalChangesItsOwnPasswordAndItsOtherSessionsEnd() {
        person("pc-alice", "RESELLER_ADMIN", "pc-a", null, "alice Zebra one");
        String mine = session("127.0.7.1", "pc-alice", "alice Zebra one");
        String other = session("127.0.7.2", "pc-alice", "alice Zebra one");
        String aliceKey = gateway.post("/admin/principals/pc-alice/keys", "{\"name\":\"script\"}", TestGateway.ADMIN_KEY)
                .json().getString("key");

        Reply changed = change("127.0.7.1", mine, "alice Zebra one", "alice Zebra two");

        assertEquals(200, changed.status(), changed.body());
        assertEquals("pc-alice", changed.json().getString("principalId"));
        assertEquals(1, changed.json().getInteger("sessionsEnded"));
        assertFalse(changed.body().contains("Zebra"), changed.body());
        assertEquals(200, use("127.0.7.1", mine, "/admin/principals"), "the session that changed it ended");
        assertEquals(401, use("127.0.7.3", other, "/admin/principals"), "the other login's session still works");
        assertEquals(200, use("127.0.7.1", aliceKey, "/admin/principals"), "API keys are not sessions");
        Reply old = login("127.0.7.4", "pc-alice", "alice Zebra one");
        assertEquals(401, old.status(), old.body());
        assertEquals("LOGIN_FAILED", old.errorCode());
        assertEquals(201, login("127.0.7.5", "pc-alice", "alice Zebra two").status());

        // With an API key, every session ends: none is the caller's.
        Reply byKey = change("127.0.7.6", aliceKey, "alice Zebra two", "alice Zebra three");
        assertEquals(200, byKey.status(), byKey.body());
        assertEquals(2, byKey.json().getInteger("sessionsEnded"), byKey.body());
        assertEquals(401, use("127.0.7.7", mine, "/admin/principals"));
    }

    @Test
    void aWrongCurrentPasswordIs401AndCountsTowardsTheAddressTheCredentialAndThePrincipal() {
        person("pc-bob", "RESELLER_ADMIN", "pc-a", null, "bob Zebra one");
        String token = session("127.0.8.1", "pc-bob", "bob Zebra one");
        for (int i = 0; i < 10; i++) {
            Reply wrong = change("127.0.8.2", token, "bob guess " + i, "bob Zebra two");
            assertEquals(401, wrong.status(), "guess " + i + ": " + wrong.body());
            assertEquals(PrincipalsApi.PASSWORD_WRONG, wrong.errorCode());
        }

        Reply sameAddress = gateway.fromAddress("127.0.8.2", "GET", "/admin/principals", null,
                "Authorization: Bearer " + resellerKey);
        Reply sameToken = gateway.fromAddress("127.0.8.3", "GET", "/admin/principals", null, "Authorization: Bearer " + token);
        Reply rightPassword = login("127.0.8.4", "pc-bob", "bob Zebra one");

        assertEquals(429, sameAddress.status(), "the address was not counted: " + sameAddress.body());
        assertEquals(AuthLockout.CODE, sameAddress.errorCode());
        assertEquals(429, sameToken.status(), "the session token was not counted: " + sameToken.body());
        assertEquals(429, rightPassword.status(), "the principal was not counted: " + rightPassword.body());
        assertEquals(AuthLockout.LOGIN_CODE, rightPassword.errorCode());
        assertTrue(isPassword("pc-bob", "bob Zebra one"), "a wrong current password changed the password");
        assertFalse(isPassword("pc-bob", "bob Zebra two"));
    }

    @Test
    void aWeakNewPasswordIsRefusedAsAtCreationNotCountedAndChangesNothing() {
        person("pc-carol", "RESELLER_ADMIN", "pc-a", null, "carol Zebra one");
        String mine = session("127.0.9.1", "pc-carol", "carol Zebra one");
        String other = session("127.0.9.2", "pc-carol", "carol Zebra one");
        Reply atCreation = gateway.post("/admin/principals", new JsonObject().put("principalId", "pc-weak")
                .put("role", "READ_ONLY").put("name", "weak").put("tenantId", "pc-a").put("password", "Zebra 1").encode(),
                TestGateway.ADMIN_KEY);
        assertEquals(400, atCreation.status(), atCreation.body());

        // More than the lockouts allow: a weak password is refused before the current one is checked, uncounted.
        for (int i = 0; i < 11; i++) {
            Reply weak = change("127.0.9.3", mine, "carol Zebra one", "Zebra " + i);
            assertEquals(400, weak.status(), weak.body());
            assertEquals(atCreation.errorCode(), weak.errorCode(), weak.body());
        }

        assertTrue(isPassword("pc-carol", "carol Zebra one"));
        assertEquals(200, use("127.0.9.4", other, "/admin/principals"), "a refused change ended a session");
        assertEquals(201, login("127.0.9.5", "pc-carol", "carol Zebra one").status(), "refusals were counted");
    }

    @Test
    void anAdminResetsAPasswordInItsReachAndEverySessionOfItEnds() {
        person("pc-dan", "END_USER", "pc-a-c", "pc-a-1", "dan Zebra one");
        String first = session("127.0.10.1", "pc-dan", "dan Zebra one");
        String second = session("127.0.10.2", "pc-dan", "dan Zebra one");

        Reply reset = reset("127.0.10.3", "pc-dan", resellerKey, "dan Zebra reset");

        assertEquals(200, reset.status(), reset.body());
        assertEquals(2, reset.json().getInteger("sessionsEnded"), reset.body());
        assertFalse(reset.body().contains("Zebra"), reset.body());
        assertEquals(401, use("127.0.10.4", first, "/v1/accounts/pc-a-1/balance"));
        assertEquals(401, use("127.0.10.4", second, "/v1/accounts/pc-a-1/balance"));
        assertEquals(401, login("127.0.10.5", "pc-dan", "dan Zebra one").status(), "the old password still works");
        assertEquals(200, use("127.0.10.6", session("127.0.10.6", "pc-dan", "dan Zebra reset"),
                "/v1/accounts/pc-a-1/balance"));

        Reply weak = reset("127.0.10.7", "pc-dan", resellerKey, "Zebra 1");
        assertEquals(400, weak.status(), weak.body());
        Reply own = reset("127.0.10.7", "pc-a-admin", resellerKey, "own Zebra password");
        assertEquals(403, own.status(), own.body());
        assertEquals("OWN_PASSWORD", own.errorCode());
        assertEquals(404, reset("127.0.10.7", "pc-nobody", resellerKey, "nobody's Zebra password").status());
        assertEquals(200, reset("127.0.10.7", "pc-dan", TestGateway.ADMIN_KEY, "dan Zebra operator").status());
        assertTrue(isPassword("pc-dan", "dan Zebra operator"));
    }

    @Test
    void anotherTenantsAdminGets404AndAnEndUserOrReadOnlyPrincipal403AndNothingChanges() {
        person("pc-erin", "END_USER", "pc-a-c", "pc-a-1", "erin Zebra one");
        String token = session("127.0.11.1", "pc-erin", "erin Zebra one");

        Reply otherReseller = reset("127.0.11.2", "pc-erin", otherResellerKey, "erin Zebra stolen");
        Reply otherEnterprise = reset("127.0.11.2", "pc-erin", otherEnterpriseKey, "erin Zebra stolen");
        Reply endUser = reset("127.0.11.2", "pc-erin", endUserKey, "erin Zebra stolen");
        Reply readOnly = reset("127.0.11.2", "pc-erin", readOnlyKey, "erin Zebra stolen");

        assertEquals(404, otherReseller.status(), otherReseller.body());
        assertEquals("PRINCIPAL_UNKNOWN", otherReseller.errorCode());
        assertEquals(404, otherEnterprise.status(), otherEnterprise.body());
        assertEquals("PRINCIPAL_UNKNOWN", otherEnterprise.errorCode());
        assertEquals(403, endUser.status(), endUser.body());
        assertEquals(403, readOnly.status(), readOnly.body());
        assertEquals(otherReseller.body(), reset("127.0.11.2", "pc-nobody", otherResellerKey, "erin Zebra stolen").body(),
                "another tenant's principal is answered as a missing one");
        assertTrue(isPassword("pc-erin", "erin Zebra one"), "a refused reset changed the password");
        assertFalse(isPassword("pc-erin", "erin Zebra stolen"));
        assertEquals(200, use("127.0.11.3", token, "/v1/accounts/pc-a-1/balance"), "a refused reset ended the session");
    }

    @Test
    void theOperatorKeyAndATenantKeyHaveNoPasswordToChange() {
        for (String key : List.of(TestGateway.ADMIN_KEY, "pc-a-legacy-key-0001")) {
            Reply refused = change("127.0.13.1", key, "any Zebra password", "any Zebra password 2");
            assertEquals(403, refused.status(), refused.body());
            assertEquals("NO_PASSWORD", refused.errorCode());
        }
    }

    @Test
    void noPasswordReachesTheAuditLog() throws Exception {
        person("pc-frank", "RESELLER_ADMIN", "pc-a", null, "frank Zebra one");
        String token = session("127.0.12.1", "pc-frank", "frank Zebra one");
        assertEquals(200, change("127.0.12.1", token, "frank Zebra one", "frank Zebra two").status());
        assertEquals(401, change("127.0.12.2", token, "frank Zebra wrong", "frank Zebra three").status());
        assertEquals(400, change("127.0.12.2", token, "frank Zebra two", "Zebra 3").status());
        assertEquals(200, reset("127.0.12.3", "pc-frank", resellerKey, "frank Zebra reset").status());

        String day = LocalDate.now(ZoneOffset.UTC).toString();
        JsonArray entries = new JsonArray();
        for (int i = 0; i < 100; i++) {
            entries = gateway.get("/admin/audit?day=" + day, TestGateway.ADMIN_KEY).json().getJsonArray("entries");
            long ours = entries.stream().map(JsonObject.class::cast)
                    .filter(entry -> entry.getString("operation").endsWith("/password"))
                    .filter(entry -> entry.getString("source").startsWith("127.0.12.")).count();
            if (ours >= 4) {
                break;
            }
            Thread.sleep(100);
        }
        String log = entries.encode();
        assertTrue(log.contains("password changed, 0 other sessions ended"), log);
        assertTrue(log.contains("password set, 1 sessions ended"), log);
        assertTrue(log.contains("principalId=pc-frank"), log);
        assertTrue(log.contains(PrincipalsApi.PASSWORD_WRONG), log);
        assertFalse(log.contains("Zebra"), "a password is in the audit log: " + log);
    }
}
